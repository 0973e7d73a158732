package dev.zeropin.registration.messaging;

import dev.zeropin.events.Topics;
import dev.zeropin.outbox.IdempotentConsumer;
import dev.zeropin.registration.service.AuditService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Puts {@code radius-events} (accepts, rejects, drops) into the usage history, once per event. */
@ApplicationScoped
public class RadiusEventsConsumer {

    private final IdempotentConsumer consumer;
    private final AuditService audit;

    public RadiusEventsConsumer(IdempotentConsumer consumer, AuditService audit) {
        this.consumer = consumer;
        this.audit = audit;
    }

    @Incoming(Topics.RADIUS_EVENTS)
    public Uni<Void> onRadiusEvent(String record) {
        return consumer.consume(Topics.RADIUS_EVENTS, record, audit::recordEvent);
    }
}
