package microlab.problem;

/**
 * References to the problem+json responses of {@code src/main/openapi/problems.yml}, which the build merges
 * into every service's OpenAPI document: {@code @ApiResponse(responseCode = "404", ref = NOT_FOUND)}.
 */
public final class ProblemResponses {

    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String CONFLICT = "#/components/responses/Conflict";
    public static final String PAYLOAD_TOO_LARGE = "#/components/responses/PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "#/components/responses/UnsupportedMediaType";
    public static final String UNPROCESSABLE = "#/components/responses/UnprocessableContent";
    public static final String TOO_MANY_REQUESTS = "#/components/responses/TooManyRequests";
    public static final String BAD_GATEWAY = "#/components/responses/BadGateway";
    public static final String SERVICE_UNAVAILABLE = "#/components/responses/ServiceUnavailable";
    public static final String GATEWAY_TIMEOUT = "#/components/responses/GatewayTimeout";

    private ProblemResponses() {
    }
}
