package dev.zeropin.otp.messaging;

import dev.zeropin.events.Topics;
import dev.zeropin.otp.service.RevocationService;
import dev.zeropin.outbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies {@code identity-events} (revocations) once per event. */
@ApplicationScoped
public class IdentityEventsConsumer {

    private final IdempotentConsumer consumer;
    private final RevocationService revocations;

    public IdentityEventsConsumer(IdempotentConsumer consumer, RevocationService revocations) {
        this.consumer = consumer;
        this.revocations = revocations;
    }

    @Incoming(Topics.IDENTITY_EVENTS)
    public Uni<Void> onIdentityEvent(String record) {
        return consumer.consume(Topics.IDENTITY_EVENTS, record, revocations::applyIdentityEvent);
    }
}
