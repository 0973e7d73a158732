package dev.zeropin.gateway.radius;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while both RADIUS UDP ports are open, and the RadSec port when RadSec is on. */
@Readiness
@ApplicationScoped
public class RadiusListenerReadiness implements HealthCheck {

    private final RadiusListener listener;
    private final RadSecListener radsec;

    public RadiusListenerReadiness(RadiusListener listener, RadSecListener radsec) {
        this.listener = listener;
        this.radsec = radsec;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("radius-listeners")
                .status(listener.isListening() && radsec.isListeningIfEnabled())
                .build();
    }
}
