package dev.zeropin.gateway.radius;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while both RADIUS UDP ports are open. */
@Readiness
@ApplicationScoped
public class RadiusListenerReadiness implements HealthCheck {

    private final RadiusListener listener;

    public RadiusListenerReadiness(RadiusListener listener) {
        this.listener = listener;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("radius-listeners")
                .status(listener.isListening())
                .build();
    }
}
