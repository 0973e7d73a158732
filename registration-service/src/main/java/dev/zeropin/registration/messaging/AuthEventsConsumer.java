package dev.zeropin.registration.messaging;

import dev.zeropin.events.Topics;
import dev.zeropin.outbox.IdempotentConsumer;
import dev.zeropin.registration.service.AuditService;
import dev.zeropin.registration.service.IdentityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code auth-events} once per event: identities blocked by otp-service are revoked here
 * too, and every event enters the usage history. Records arrive in batches
 * ({@code mp.messaging.incoming.auth-events.batch=true}), each batch applied in one transaction.
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

    /** A batch of records as polled (two events per login: one commit for many logins). */
    @Incoming(Topics.AUTH_EVENTS)
    public Uni<Void> onAuthEvents(List<String> records) {
        return consumer.consumeAll(
                Topics.AUTH_EVENTS,
                records,
                (envelope, event) -> audit.recordEvent(envelope, event).chain(() -> identities.applyAuthEvent(event)));
    }
}
