package dev.zeropin.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers requests that no REST resource, page or management endpoint handles, and failures that
 * happen before a request reaches a resource (e.g. a body over the size limit), with
 * {@code application/problem+json} instead of the framework's plain-text pages.
 */
@ApplicationScoped
public class UnmatchedRouteHandler {

    private final ObjectMapper mapper;

    public UnmatchedRouteHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void installOn(@Observes Router router) {
        router.errorHandler(404, context -> respond(context, 404));
        router.errorHandler(405, context -> respond(context, 405));
        router.errorHandler(413, context -> respond(context, 413));
        router.errorHandler(415, context -> respond(context, 415));
        router.errorHandler(400, context -> respond(context, 400));
        router.errorHandler(500, context -> respond(context, 500));
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
