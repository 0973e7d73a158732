package dev.zeropin.registration.messaging;

import dev.zeropin.events.Topics;
import dev.zeropin.outbox.IdempotentConsumer;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.registration.service.IdentityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code auth-events} once per event: identities blocked by otp-service are revoked here
 * too, and every event enters the usage history.
 */
@ApplicationScoped
public class AuthEventsConsumer {

    private final IdempotentConsumer consumer;
    private final IdentityService identities;
    private final AuditService audit;

    public AuthEventsConsumer(IdempotentConsumer consumer, IdentityService identities, AuditService audit) {
        this.consumer = consumer;
        this.identities = identities;
        this.audit = audit;
    }

    @Incoming(Topics.AUTH_EVENTS)
    public Uni<Void> onAuthEvent(String record) {
        return consumer.consume(
                Topics.AUTH_EVENTS,
                record,
                (envelope, event) -> audit.recordEvent(envelope, event).chain(() -> identities.applyAuthEvent(event)));
    }
}
