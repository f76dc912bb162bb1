package microlab.e2e.smoke;

import microlab.e2e.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnswerTest {

    @Test
    void readsFieldsByPathWithIndexes() throws Exception {
        Answer answer = answer(201, "application/json", "{\"id\":7,\"items\":[{\"sku\":\"A-1\"}],\"active\":true,\"total\":19.98}");

        assertEquals(7, answer.number("id"));
        assertEquals("A-1", answer.text("items.0.sku"));
        answer.expectField("active", "true").expectField("total", "19.98").expectStatus(200, 201);
    }

    @Test
    void aMissingFieldOrAWrongValueSaysWhatWasExpected() throws Exception {
        Answer answer = answer(200, "application/json", "{\"id\":\"seven\",\"status\":\"PAID\"}");

        assertEquals("POST /x: expected a field 'items.0.sku' in the response, found none",
                assertThrows(Answer.Failed.class, () -> answer.at("items.0.sku")).getMessage());
        assertEquals("POST /x: expected id to be a whole number, got '\"seven\"'",
                assertThrows(Answer.Failed.class, () -> answer.number("id")).getMessage());
        assertEquals("POST /x: expected status = CREATED, got status = PAID",
                assertThrows(Answer.Failed.class, () -> answer.expectField("status", "CREATED")).getMessage());
        assertEquals("POST /x: expected HTTP 201 or 204, got 200",
                assertThrows(Answer.Failed.class, () -> answer.expectStatus(201, 204)).getMessage());
    }

    @Test
    void aProblemNeedsItsTypeAndAStatusMemberThatAgrees() throws Exception {
        answer(404, "application/problem+json", "{\"status\":404,\"title\":\"Not Found\"}").expectProblem(404);

        assertThrows(Answer.Failed.class, () -> answer(404, "application/json", "{\"status\":404}").expectProblem(404));
        assertEquals("POST /x: expected a problem body with \"status\": 409, got \"status\": 400",
                assertThrows(Answer.Failed.class,
                        () -> answer(409, "application/problem+json", "{\"status\":400}").expectProblem(409)).getMessage());
    }

    @Test
    void theLocationPathIsTheSameForAnAbsoluteAndARelativeLocation() throws Exception {
        assertEquals("/users/7", answer(201, "application/json", "{}", "location", "http://localhost:8080/users/7").locationPath());
        assertEquals("/users/7", answer(201, "application/json", "{}", "location", "/users/7").locationPath());
        assertThrows(Answer.Failed.class, () -> answer(201, "application/json", "{}").locationPath());
    }

    @Test
    void collectsAFieldAcrossAnArray() throws Exception {
        Answer answer = answer(200, "application/json", "{\"content\":[{\"id\":1},{\"id\":2}]}");

        assertEquals(List.of("1", "2"), answer.all("content", "id"));
    }

    private static Answer answer(int status, String type, String body, String... more) throws Exception {
        Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("content-type", List.of(type)));
        for (int i = 0; i + 1 < more.length; i += 2) {
            headers.put(more[i], List.of(more[i + 1]));
        }
        return new Answer("POST /x", status, HttpHeaders.of(headers, (a, b) -> true), body, Http.JSON.readTree(body));
    }
}
