package dev.zeropin.registration.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sets the security headers of every response: a strict Content-Security-Policy, no framing, no
 * MIME sniffing, no referrer, and {@code no-store} for pages (they may show OTPs).
 */
@ApplicationScoped
public class SecurityHeaders {

    private final BrowserPolicy policy;

    public SecurityHeaders(BrowserPolicy policy) {
        this.policy = policy;
    }

    void installOn(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(context -> {
            String path = context.request().path();
            boolean page = !path.startsWith("/api/") && !path.startsWith("/q/") && !isStatic(path);
            context.addHeadersEndHandler(ignored -> {
                var headers = context.response().headers();
                if (!path.startsWith("/q/")) {
                    headers.set("Content-Security-Policy", policy.contentSecurityPolicy());
                }
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("X-Frame-Options", "DENY");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
                headers.set("Cross-Origin-Opener-Policy", "same-origin");
                if (page) {
                    headers.set("Cache-Control", "no-store");
                }
            });
            context.next();
        });
    }

    private static boolean isStatic(String path) {
        return path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/vendor/")
                || path.startsWith("/img/");
    }
}
