package dev.zeropin.registration.service;

import dev.zeropin.events.AuthEvents;
import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.EventEnvelope;
import dev.zeropin.events.RadiusEvents;
import dev.zeropin.outbox.HousekeepingStatements;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.AuditEventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The usage history: what otp-service (auth-events) and radius-gateway (radius-events) reported,
 * kept for the configured retention. Users see their identity's part; administrators search it.
 */
@ApplicationScoped
public class AuditService implements HousekeepingStatements {

    /** Most entries returned by one query. */
    public static final int MAX_PAGE = 1000;

    /** The audit type of a refused registration. */
    public static final String REGISTRATION_REFUSED = "registration.refused";

    private final AuditEventRepository audit;
    private final RegistrationConfig config;
    private final Clock clock;

    public AuditService(AuditEventRepository audit, RegistrationConfig config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Records an event inside the caller's transaction; events without a user story are ignored. */
    public Uni<Void> recordEvent(EventEnvelope envelope, DomainEvent event) {
        AuditEvent entry = new AuditEvent();
        entry.id = envelope.id();
        entry.occurredAt = envelope.occurredAt();
        entry.type = envelope.type();
        if (event instanceof AuthEvents.AuthenticationSucceeded e) {
            fill(entry, e.clientId(), e.userId(), e.mpinId(), null, "success", "PIN proof");
            entry.sourceAddress = e.sourceAddress();
        } else if (event instanceof AuthEvents.PinFailed e) {
            fill(
                    entry,
                    e.clientId(),
                    e.userId(),
                    e.mpinId(),
                    null,
                    "failure",
                    "wrong PIN, attempts left " + e.attemptsLeft());
            entry.sourceAddress = e.sourceAddress();
        } else if (event instanceof AuthEvents.IdentityBlocked e) {
            fill(entry, e.clientId(), e.userId(), e.mpinId(), null, "failure", "blocked after wrong PINs");
        } else if (event instanceof AuthEvents.OtpIssued e) {
            fill(entry, e.clientId(), e.userId(), e.mpinId(), null, "info", "OTP issued");
        } else if (event instanceof AuthEvents.OtpVerified e) {
            String what = e.retry() ? "NAS retry accepted again, OTP not used twice (" : "OTP used (";
            fill(entry, e.clientId(), e.userId(), null, e.nasName(), "success", what + e.method() + ")");
        } else if (event instanceof AuthEvents.OtpRejected e) {
            fill(entry, e.clientId(), e.userId(), null, e.nasName(), "failure", "OTP rejected: " + e.reason());
        } else if (event instanceof AuthEvents.DirectoryRefused e) {
            String what = "radius".equals(e.stage()) ? "live OTP refused over RADIUS" : "no OTP issued";
            fill(
                    entry,
                    e.clientId(),
                    e.userId(),
                    null,
                    e.nasName(),
                    "failure",
                    "directory: " + what + ": " + e.reason());
        } else if (event instanceof AuthEvents.DirectoryCachedAnswerUsed e) {
            fill(entry, e.clientId(), e.userId(), null, null, "info", "directory (" + e.stage() + "): " + e.reason());
        } else if (event instanceof RadiusEvents.AccessAccepted e) {
            fill(entry, e.clientId(), e.userId(), null, e.nasName(), "success", "RADIUS accept (" + e.method() + ")");
            entry.sourceAddress = e.sourceAddress();
            entry.latencyMicros = e.latencyMicros();
        } else if (event instanceof RadiusEvents.AccessRejected e) {
            fill(entry, e.clientId(), e.userId(), null, e.nasName(), "failure", "RADIUS reject: " + e.reason());
            entry.sourceAddress = e.sourceAddress();
            entry.latencyMicros = e.latencyMicros();
        } else if (event instanceof RadiusEvents.PacketDropped e) {
            fill(entry, null, null, null, e.nasName(), "dropped", e.reason());
            entry.sourceAddress = e.sourceAddress();
        } else {
            return Uni.createFrom().voidItem();
        }
        return audit.persist(entry).replaceWithVoid();
    }

    /**
     * Records, in its own transaction, that a registration was refused and why (the user was told
     * only that the User ID cannot register).
     */
    @WithTransaction
    public Uni<Void> recordRegistrationRefused(String clientId, String userId, String source, String reason) {
        AuditEvent entry = new AuditEvent();
        entry.id = UUID.randomUUID();
        entry.occurredAt = clock.instant();
        entry.type = REGISTRATION_REFUSED;
        fill(entry, clientId, userId, null, null, "failure", "registration refused: " + reason);
        entry.sourceAddress = source;
        return audit.persist(entry).replaceWithVoid();
    }

    private static void fill(
            AuditEvent entry,
            String clientId,
            String userId,
            String mpinId,
            String nasName,
            String result,
            String detail) {
        entry.clientId = clientId;
        entry.userId = userId;
        entry.mpinId = mpinId;
        entry.nasName = nasName;
        entry.result = result;
        entry.detail = detail;
    }

    /** The newest events of an identity and of its user's logins, inside the caller's session. */
    public Uni<List<AuditEvent>> historyOf(String mpinId, String clientId, String userId) {
        return audit.listForIdentity(mpinId, clientId, userId, 100);
    }

    /** Searches the audit trail (administrators). */
    @WithSession
    public Uni<List<AuditEvent>> searchAudit(
            String clientId, String userId, String nasName, String result, Instant from, Instant to, int limit) {
        return searchAudit(clientId, null, userId, nasName, result, from, to, limit);
    }

    /** Searches the audit trail within the projects of {@code scope} (null: every project). */
    @WithSession
    public Uni<List<AuditEvent>> searchAudit(
            String clientId,
            Collection<String> scope,
            String userId,
            String nasName,
            String result,
            Instant from,
            Instant to,
            int limit) {
        return audit.search(clientId, scope, userId, nasName, result, from, to, Math.min(Math.max(limit, 1), MAX_PAGE));
    }

    /** When each identity last proved its PIN, for the identities of {@code mpinIds}. */
    @WithSession
    public Uni<Map<String, Instant>> lastUsed(Collection<String> mpinIds) {
        if (mpinIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return audit.lastAuthenticated(mpinIds);
    }

    /** The newest logins of a user in a project (PIN proofs, OTP uses, RADIUS decisions). */
    @WithSession
    public Uni<List<AuditEvent>> recentLoginsOf(String clientId, String userId) {
        return audit.listForUser(clientId, userId, 50);
    }

    @Override
    public List<String> statements() {
        return List.of("DELETE FROM audit_event WHERE occurred_at < now() - interval '"
                + config.audit().retention().toSeconds() + " seconds'");
    }
}
