package dev.zeropin.registration.web;

import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.rest.AdminCallers;
import dev.zeropin.registration.service.ConsoleAccessService;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.ConsoleAccessService.NoSession;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The plumbing that every console page shares: the session check (back to sign-in without one),
 * forms with their CSRF token and the page again with the reason when an action is refused, the
 * problem page, the session cookie, the fixed notices and the small form-field helpers.
 */
@ApplicationScoped
public class ConsolePages {

    /** Fixed texts for the notices that a redirect names by code (never text from the request). */
    static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("project-created", "The project was created."),
            Map.entry("project-saved", "The settings were saved."),
            Map.entry("radius-client-saved", "The RADIUS client was saved; the gateway applies it within seconds."),
            Map.entry("radius-client-deleted", "The RADIUS client was deleted; its requests get no answer any more."),
            Map.entry("identity-revoked", "The identity was revoked."),
            Map.entry("user-revoked", "Every identity of the user was revoked."),
            Map.entry(
                    "access-granted",
                    "The User ID may now use the console: hand over its sign-in link below, which enrols the identity"
                            + " it proves its PIN with."),
            Map.entry("access-revoked", "The User ID may no longer sign in to the console."));

    private final ConsoleAccessService access;
    private final RegistrationConfig config;

    public ConsolePages(ConsoleAccessService access, RegistrationConfig config) {
        this.access = access;
        this.config = config;
    }

    /**
     * Renders a page for a signed-in administrator; without a session, back to the sign-in page; a
     * refusal (not found, out of scope) as a page that says so, with the problem's status.
     */
    Uni<Response> page(String cookie, Function<ConsoleSession, Uni<TemplateInstance>> render) {
        return access.requireSession(cookie)
                .chain(session -> Uni.createFrom()
                        .deferred(() -> render.apply(session))
                        .map(page -> Response.ok(page).build())
                        .onFailure(ProblemException.class)
                        .recoverWithItem(failure -> problemPage(session, (ProblemException) failure)))
                .onFailure(NoSession.class)
                .recoverWithItem(ConsolePages::toSignIn);
    }

    static Response problemPage(ConsoleSession session, ProblemException problem) {
        return Response.status(problem.problem().getStatus())
                .entity(ConsoleTemplates.problem(BrowserPolicy.IMPORT_MAP, session, describe(problem)))
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }

    /** What a form does when its action fails: render its page again with the error. */
    @FunctionalInterface
    interface Retry {
        Uni<TemplateInstance> render(ConsoleSession session, String error);
    }

    /**
     * Runs a form's action for a signed-in administrator with a valid CSRF token. A refused action
     * (validation, conflict, scope) shows its page again with the reason and the problem's status;
     * a stale or forged form is refused with 403 and nothing changes.
     */
    Uni<Response> action(String cookie, String csrf, Function<ConsoleSession, Uni<Response>> perform, Retry retry) {
        return access.requireSession(cookie, csrf)
                .chain(session -> Uni.createFrom()
                        .deferred(() -> perform.apply(session))
                        .onFailure(ProblemException.class)
                        .recoverWithUni(failure -> {
                            ProblemException problem = (ProblemException) failure;
                            return Uni.createFrom()
                                    .deferred(() -> retry.render(session, describe(problem)))
                                    .map(page -> Response.status(
                                                    problem.problem().getStatus())
                                            .entity(page)
                                            .type(MediaType.TEXT_HTML_TYPE)
                                            .build())
                                    .onFailure(ProblemException.class)
                                    .recoverWithItem(again -> problemPage(session, problem));
                        }))
                .onFailure(NoSession.class)
                .recoverWithItem(ConsolePages::toSignIn)
                .onFailure(ProblemException.class)
                .recoverWithItem(failure -> problemPage(null, (ProblemException) failure));
    }

    /** A problem in words for the page: its detail and every field error. */
    static String describe(ProblemException problem) {
        StringBuilder text = new StringBuilder(
                problem.problem().getDetail() != null
                        ? problem.problem().getDetail()
                        : problem.problem().getTitle());
        Object errors = problem.problem().getExtensions().get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            text.append(' ')
                    .append(list.stream()
                            .map(item -> item instanceof FieldErrors.FieldError error
                                    ? error.field() + ": " + error.message()
                                    : String.valueOf(item))
                            .collect(Collectors.joining("; ")))
                    .append('.');
        }
        return text.toString();
    }

    Response withCookie(ConsoleAccessService.Opened opened) {
        NewCookie cookie = new NewCookie.Builder(ConsoleResource.COOKIE)
                .value(opened.cookie())
                .path("/admin")
                .httpOnly(true)
                .secure(config.console().secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) config.console().sessionLifetime().toSeconds())
                .build();
        return Response.ok(Map.of(
                        "userId", opened.session().userId(),
                        "expiresAt", opened.session().expiresAt().toString(),
                        "next", "/admin/dashboard"))
                .cookie(cookie)
                .build();
    }

    NewCookie expiredCookie() {
        return new NewCookie.Builder(ConsoleResource.COOKIE)
                .value("")
                .path("/admin")
                .httpOnly(true)
                .secure(config.console().secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(0)
                .build();
    }

    static Response toSignIn(Throwable ignored) {
        return seeOther("/admin/sign-in");
    }

    static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    static String notice(String code) {
        return code == null ? null : NOTICES.get(code);
    }

    static UUID uuid(String text, String code, String detail) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound(code, detail);
        }
    }

    static int number(String text, String field, FieldErrors errors) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            errors.add(field, "must be a whole number");
            return 0;
        }
    }

    static boolean checked(String value) {
        return "true".equals(value) || "on".equals(value);
    }

    static String strip(String value) {
        return value == null ? null : value.strip();
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    static String sourceAddress(HttpServerRequest http) {
        return AdminCallers.sourceAddress(http);
    }
}
