package dev.zeropin.registration.rest;

import dev.zeropin.registration.service.Administrator;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.SecurityContext;

/** Who calls the JSON admin API, as the admin operations and their audit entries see them. */
public final class AdminCallers {

    private AdminCallers() {}

    /** The holder of the request's admin token, named by its subject, with the request's source address. */
    public static Administrator of(SecurityContext security, HttpServerRequest http) {
        return Administrator.ofToken(
                security.getUserPrincipal() == null
                        ? null
                        : security.getUserPrincipal().getName(),
                sourceAddress(http));
    }

    /** The address a request came from ({@code unknown} when the connection does not say). */
    public static String sourceAddress(HttpServerRequest http) {
        return http == null || http.remoteAddress() == null
                ? "unknown"
                : http.remoteAddress().hostAddress();
    }
}
