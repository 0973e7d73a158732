package dev.zeropin.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure of a REST call as {@code application/problem+json} with a stable code.
 * Nothing here echoes exception messages of libraries: they may carry class names or input.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response mapProblem(ProblemException exception, UriInfo uriInfo) {
        return exception.problem().withInstance(path(uriInfo)).toResponse();
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException exception, UriInfo uriInfo) {
        Throwable cause = exception.getCause();
        if (cause instanceof UnrecognizedPropertyException unrecognized) {
            return mapUnrecognizedProperty(unrecognized, uriInfo);
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return wrongType(mapping, uriInfo);
        }
        if (cause instanceof JsonProcessingException json) {
            return mapJson(json, uriInfo);
        }
        Response original = exception.getResponse();
        int status = original.getStatus();
        Problem problem = forStatus(status).withInstance(path(uriInfo));
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER)) {
            if (original.getHeaderString(header) != null) {
                response.header(header, original.getHeaderString(header));
            }
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response mapUnrecognizedProperty(UnrecognizedPropertyException exception, UriInfo uriInfo) {
        return Problem.of(400, "unknown_field", "Bad request")
                .withDetail("The field '" + exception.getPropertyName() + "' is not part of this request.")
                .withInstance(path(uriInfo))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mapInvalidFormat(InvalidFormatException exception, UriInfo uriInfo) {
        return wrongType(exception, uriInfo);
    }

    @ServerExceptionMapper
    public Response mapMismatchedInput(MismatchedInputException exception, UriInfo uriInfo) {
        return wrongType(exception, uriInfo);
    }

    @ServerExceptionMapper
    public Response mapJson(JsonProcessingException exception, UriInfo uriInfo) {
        return Problem.of(400, "malformed_json", "Bad request")
                .withDetail("The request body is not valid JSON.")
                .withInstance(path(uriInfo))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mapAuthenticationFailed(AuthenticationFailedException exception, UriInfo uriInfo) {
        return unauthorized(uriInfo);
    }

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException exception, UriInfo uriInfo) {
        return unauthorized(uriInfo);
    }

    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException exception, UriInfo uriInfo) {
        return Problem.of(403, "forbidden", "Forbidden")
                .withDetail("Your credentials do not allow this operation.")
                .withInstance(path(uriInfo))
                .toResponse();
    }

    /** Last resort: a 500 without internals; the log line carries the reference and the cause. */
    @ServerExceptionMapper
    public Response mapUnexpected(Throwable exception, UriInfo uriInfo) {
        String reference = UUID.randomUUID().toString();
        Log.errorf(exception, "unexpected error %s on %s", reference, path(uriInfo));
        return Problem.of(500, "internal_error", "Internal error")
                .withDetail("The service could not complete the request. Quote the reference to the operator.")
                .with("reference", reference)
                .withInstance(path(uriInfo))
                .toResponse();
    }

    private static Response wrongType(JsonMappingException exception, UriInfo uriInfo) {
        String field = exception.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (field.isEmpty()) {
            return Problem.of(400, "malformed_json", "Bad request")
                    .withDetail("The request body does not have the expected shape.")
                    .withInstance(path(uriInfo))
                    .toResponse();
        }
        return FieldErrors.validationFailed(List.of(new FieldErrors.FieldError(field, "has the wrong type")))
                .problem()
                .withInstance(path(uriInfo))
                .toResponse();
    }

    private static Response unauthorized(UriInfo uriInfo) {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized")
                        .withDetail("A valid bearer token is required.")
                        .withInstance(path(uriInfo))
                        .toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** The problem for a bare HTTP status raised by the framework (routing, content negotiation). */
    static Problem forStatus(int status) {
        return switch (status) {
            case 400 -> Problem.of(400, "bad_request", "Bad request").withDetail("The request is not valid.");
            case 401 -> Problem.of(401, "unauthorized", "Unauthorized").withDetail("A valid bearer token is required.");
            case 403 ->
                Problem.of(403, "forbidden", "Forbidden").withDetail("Your credentials do not allow this operation.");
            case 404 -> Problem.of(404, "not_found", "Not found").withDetail("There is nothing at this address.");
            case 405 ->
                Problem.of(405, "method_not_allowed", "Method not allowed")
                        .withDetail("This address does not accept this HTTP method.");
            case 406 ->
                Problem.of(406, "not_acceptable", "Not acceptable")
                        .withDetail("The service cannot answer in the media type you accept.");
            case 413 ->
                Problem.of(413, "payload_too_large", "Payload too large").withDetail("The request body is too large.");
            case 415 ->
                Problem.of(415, "unsupported_media_type", "Unsupported media type")
                        .withDetail("Send the request body as application/json.");
            case 429 ->
                Problem.of(429, "too_many_requests", "Too many requests").withDetail("Slow down and retry.");
            default ->
                status >= 500
                        ? Problem.of(status, "service_unavailable", "Service unavailable")
                                .withDetail("The service cannot answer right now; retry later.")
                        : Problem.of(status, "request_refused", "Request refused");
        };
    }

    private static String path(UriInfo uriInfo) {
        return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
    }
}
