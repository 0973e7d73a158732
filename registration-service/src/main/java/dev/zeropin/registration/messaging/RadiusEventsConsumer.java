package dev.zeropin.registration.messaging;

import dev.zeropin.events.RadiusEvents;
import dev.zeropin.events.Topics;
import dev.zeropin.outbox.IdempotentConsumer;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.registration.service.StaticRadiusClients;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Puts {@code radius-events} (accepts, rejects, drops) into the usage history, once per event, and
 * keeps the gateways' announcements of their configured RADIUS clients for the console. Records
 * arrive in batches, each batch applied in one transaction.
 */
@ApplicationScoped
public class RadiusEventsConsumer {

    private final IdempotentConsumer consumer;
    private final AuditService audit;
    private final StaticRadiusClients staticClients;

    public RadiusEventsConsumer(IdempotentConsumer consumer, AuditService audit, StaticRadiusClients staticClients) {
        this.consumer = consumer;
        this.audit = audit;
        this.staticClients = staticClients;
    }

    @Incoming(Topics.RADIUS_EVENTS)
    public Uni<Void> onRadiusEvents(List<String> records) {
        return consumer.consumeAll(Topics.RADIUS_EVENTS, records, (envelope, event) -> {
            if (event instanceof RadiusEvents.StaticClientsLoaded loaded) {
                return staticClients.announce(
                        loaded.instance(),
                        envelope.occurredAt(),
                        loaded.clients().stream()
                                .map(client -> new StaticRadiusClients.StaticClient(
                                        client.name(),
                                        client.address(),
                                        client.clientId(),
                                        client.requireMessageAuthenticator()))
                                .toList());
            }
            return audit.recordEvent(envelope, event);
        });
    }
}
