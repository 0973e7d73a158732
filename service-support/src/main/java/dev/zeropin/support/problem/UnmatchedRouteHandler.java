package dev.zeropin.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers requests that no REST resource, page or management endpoint handles, and failures that
 * happen before a request reaches a resource (e.g. a body over the size limit), with
 * {@code application/problem+json} instead of the framework's plain-text pages.
 */
@ApplicationScoped
public class UnmatchedRouteHandler {

    /** Largest oversized body read (and discarded) before the 413, so the client sees it. */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private final ObjectMapper mapper;

    public UnmatchedRouteHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void installOn(@Observes Router router) {
        long limit = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", String.class)
                .map(value -> new MemorySizeConverter().convert(value).asLongValue())
                .orElse(-1L);
        if (limit > 0) {
            router.route()
                    .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                    .handler(context -> refuseOversized(context, limit));
        }
        router.errorHandler(404, context -> respond(context, 404));
        router.errorHandler(405, context -> respond(context, 405));
        router.errorHandler(413, context -> respond(context, 413));
        router.errorHandler(415, context -> respond(context, 415));
        router.errorHandler(400, context -> respond(context, 400));
        router.errorHandler(500, context -> respond(context, 500));
    }

    /**
     * A declared body over the limit gets a problem, not the framework's empty 413. A body of
     * moderate size is read and discarded first, so that a client still sending it reads the
     * answer instead of a reset connection; a huge one is answered at once and the connection
     * closed.
     */
    private void refuseOversized(RoutingContext context, long limit) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= limit) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        if (length > DRAIN_LIMIT) {
            respond(context, 413);
            return;
        }
        context.request()
                .handler(ignored -> {})
                .endHandler(ignored -> respond(context, 413))
                .exceptionHandler(ignored -> context.response().close());
        context.request().resume();
    }

    private void respond(RoutingContext context, int status) {
        if (context.response().headWritten()) {
            return;
        }
        if (status == 500 && context.failure() != null) {
            Log.errorf(
                    context.failure(),
                    "unhandled failure on %s",
                    context.request().path());
        }
        Problem problem =
                ProblemMappers.forStatus(status).withInstance(context.request().path());
        try {
            context.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Cache-Control", "no-store")
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(status).end();
        }
    }
}
