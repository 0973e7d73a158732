package dev.zeropin.registration.messaging;

import dev.zeropin.events.Topics;
import dev.zeropin.outbox.IdempotentConsumer;
import dev.zeropin.registration.service.IdentityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies {@code auth-events} (identities blocked by otp-service) once per event. */
@ApplicationScoped
public class AuthEventsConsumer {

    private final IdempotentConsumer consumer;
    private final IdentityService identities;

    public AuthEventsConsumer(IdempotentConsumer consumer, IdentityService identities) {
        this.consumer = consumer;
        this.identities = identities;
    }

    @Incoming(Topics.AUTH_EVENTS)
    public Uni<Void> onAuthEvent(String record) {
        return consumer.consume(Topics.AUTH_EVENTS, record, identities::applyAuthEvent);
    }
}
