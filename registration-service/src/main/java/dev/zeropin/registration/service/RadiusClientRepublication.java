package dev.zeropin.registration.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At start, publishes again the RADIUS clients whose last event was sealed in the old form (an
 * installation upgraded past issue 16, item 4), so that the gateways, which refuse the old form,
 * learn them again.
 */
@ApplicationScoped
public class RadiusClientRepublication {

    private final RadiusClientService clients;

    public RadiusClientRepublication(RadiusClientService clients) {
        this.clients = clients;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            int count = VertxContextSupport.subscribeAndAwait(clients::republishOutdated);
            if (count > 0) {
                Log.infof("%d RADIUS clients published again with every field bound to their seal", count);
            }
        } catch (Throwable e) {
            Log.errorf(
                    "RADIUS clients in the old event form could not be published again (%s): gateways that restart"
                            + " will not know them until they are changed in the console",
                    e.getMessage());
        }
    }
}
