package dev.zeropin.support.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail as ZeroPIN sends it: the standard members plus a stable snake_case
 * {@code code} that clients switch on, and optional extension members (e.g. {@code attemptsLeft}).
 *
 * <p>{@code detail} is written for people and never contains class names, stack traces or secrets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "code", "detail", "instance"})
@RegisterForReflection
public final class Problem {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The same media type as a JAX-RS value. */
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    private static final String TYPE_BASE = "https://zeropin.dev/problems/";

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final String instance;
    private final Map<String, Object> extensions;

    private Problem(int status, String code, String title, String detail, String instance, Map<String, Object> ext) {
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.instance = instance;
        this.extensions = Map.copyOf(ext);
    }

    /** A problem with a status, a stable code and a human title. */
    public static Problem of(int status, String code, String title) {
        return new Problem(status, code, title, null, null, Map.of());
    }

    /** The same problem with a human explanation of this occurrence. */
    public Problem withDetail(String newDetail) {
        return new Problem(status, code, title, newDetail, instance, extensions);
    }

    /** The same problem with a reference to this occurrence (e.g. the request path). */
    public Problem withInstance(String newInstance) {
        return new Problem(status, code, title, detail, newInstance, extensions);
    }

    /** The same problem with one more extension member. */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(status, code, title, detail, instance, more);
    }

    /** A URI naming the problem type; clients should prefer {@link #getCode()}. */
    public String getType() {
        return TYPE_BASE + code.replace('_', '-');
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    /** Stable snake_case code, e.g. {@code identity_revoked}. */
    public String getCode() {
        return code;
    }

    public String getDetail() {
        return detail;
    }

    public String getInstance() {
        return instance;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    /**
     * A JAX-RS response carrying this problem as {@value #MEDIA_TYPE}; a problem that says when to
     * retry ({@code retryAfterSeconds}) also sets {@code Retry-After} (RFC 9110), for clients that
     * read headers rather than bodies.
     */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status)
                .type(MEDIA)
                .header("Cache-Control", "no-store")
                .entity(this);
        if (extensions.get("retryAfterSeconds") instanceof Number seconds && seconds.longValue() > 0) {
            response.header("Retry-After", seconds.longValue());
        }
        return response.build();
    }

    @Override
    public String toString() {
        return status + " " + code;
    }
}
