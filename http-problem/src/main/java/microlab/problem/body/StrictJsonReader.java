package microlab.problem.body;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON request body into one of the services' own records, strictly: the bytes must be valid
 * UTF-8, every value must have the JSON type its field declares ({@link JsonShape}), and a key may appear
 * once per object. Only then does Micronaut's own JSON mapper bind the body. Without this, Micronaut
 * Serialization would coerce {@code true} into 1, {@code 1.9} into 1, {@code 123} into "123" and
 * {@code ["a"]} into "a", keep the last of two equal keys and decode an overlong {@code C0 AF} as "/".
 * A refusal is a 400 problem naming the field.
 */
@Singleton
@Consumes(MediaType.APPLICATION_JSON)
@Order(-100)
public class StrictJsonReader<T> implements MessageBodyReader<T> {

    private final JsonMapper json;

    public StrictJsonReader(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return BeanIntrospector.SHARED.findIntrospection(type.getType()).isPresent()
                && !type.getType().getName().startsWith("io.micronaut.");
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, ByteBuffer<?> body) throws CodecException {
        return read(type, body.toByteArray());
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream body) throws CodecException {
        try {
            return read(type, body.readAllBytes());
        } catch (IOException e) {
            throw new CodecException("The request body could not be read", e);
        }
    }

    private T read(Argument<T> type, byte[] bytes) {
        String text = utf8(bytes);
        JsonShape.check(text, type);
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "The body could not be read as JSON: " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "The body is not valid UTF-8.");
        }
    }
}
