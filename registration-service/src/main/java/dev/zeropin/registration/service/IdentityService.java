package dev.zeropin.registration.service;

import dev.zeropin.events.AuthEvents.IdentityBlocked;
import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.IdentityEvents.IdentityRegistered;
import dev.zeropin.events.IdentityEvents.IdentityRevoked;
import dev.zeropin.events.IdentityEvents.RevocationReason;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.outbox.OutboxWriter;
import dev.zeropin.registration.Identity;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.ActivationRepository;
import dev.zeropin.registration.repository.IdentityRepository;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.support.concurrent.Offload;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Issues identities: an activation token is exchanged, once, for an mpinId and its client secret
 * {@code CS = s·H(mpinId)}. The client secret leaves in the answer and is never stored.
 */
@ApplicationScoped
public class IdentityService {

    private final ActivationTokens tokens;
    private final ActivationRepository activations;
    private final IdentityRepository identities;
    private final ProjectRepository projects;
    private final RegistrationKeys keys;
    private final OutboxWriter outbox;
    private final RegistrationConfig config;
    private final SecureRandom random;
    private final Clock clock;

    public IdentityService(
            ActivationTokens tokens,
            ActivationRepository activations,
            IdentityRepository identities,
            ProjectRepository projects,
            RegistrationKeys keys,
            OutboxWriter outbox,
            RegistrationConfig config,
            SecureRandom random,
            Clock clock) {
        this.tokens = tokens;
        this.activations = activations;
        this.identities = identities;
        this.projects = projects;
        this.keys = keys;
        this.outbox = outbox;
        this.config = config;
        this.random = random;
        this.clock = clock;
    }

    /** A new identity as the device receives it. */
    public record IssuedIdentity(
            String mpinId, byte[] clientSecret, byte[] hid, String userId, String clientId, String otpServiceUrl) {}

    /** The secrets of a new identity, computed off the event loop before the transaction. */
    record Secrets(MpinId id, byte[] clientSecret, byte[] hid) {}

    /**
     * Exchanges an activation token for a new identity.
     *
     * @throws dev.zeropin.support.problem.ProblemException 401 {@code invalid_activation_token}
     *     when the token is forged, expired or used, 403 when the project is disabled
     */
    public Uni<IssuedIdentity> createIdentity(String activationToken, String deviceLabel) {
        ActivationTokens.Claims claims =
                tokens.verify(activationToken).orElseThrow(RegistrationProblems::invalidActivationToken);
        Instant now = clock.instant();
        return Offload.compute(() -> {
                    MpinId id = MpinId.issue(claims.clientId(), claims.userId(), now, random);
                    return new Secrets(id, keys.masterSecret().clientSecret(id), Curve.hashToPoint(id.raw()));
                })
                .chain(secrets -> storeIdentity(claims, secrets, deviceLabel, now));
    }

    @WithTransaction
    Uni<IssuedIdentity> storeIdentity(
            ActivationTokens.Claims claims, Secrets secrets, String deviceLabel, Instant now) {
        return activations.consume(claims.tokenId(), now).chain(consumed -> {
            if (!consumed) {
                return Uni.createFrom().failure(RegistrationProblems.invalidActivationToken());
            }
            return projects.findById(claims.clientId()).chain(project -> {
                if (project == null || !project.enabled) {
                    return Uni.createFrom().failure(RegistrationProblems.projectDisabled());
                }
                Identity identity = new Identity();
                identity.mpinId = secrets.id().hex();
                identity.clientId = claims.clientId();
                identity.userId = claims.userId();
                identity.deviceLabel = deviceLabel;
                identity.state = Identity.State.ACTIVE;
                identity.createdAt = now;
                return identities
                        .persist(identity)
                        .call(stored -> outbox.stage(new IdentityRegistered(
                                stored.mpinId, stored.clientId, stored.userId, stored.deviceLabel, now)))
                        .invoke(stored -> Log.debugf("identity issued for %s in %s", stored.userId, stored.clientId))
                        .map(stored -> new IssuedIdentity(
                                stored.mpinId,
                                secrets.clientSecret(),
                                secrets.hid(),
                                stored.userId,
                                stored.clientId,
                                config.otpServiceUrl().toString()));
            });
        });
    }

    /**
     * Applies an auth event inside the caller's transaction: an identity that otp-service blocked
     * after too many wrong PINs is revoked here too, and the revocation is published.
     */
    public Uni<Void> applyAuthEvent(DomainEvent event) {
        if (!(event instanceof IdentityBlocked blocked)) {
            return Uni.createFrom().voidItem();
        }
        return revokeIdentity(blocked.mpinId(), RevocationReason.BLOCKED, "otp-service")
                .replaceWithVoid();
    }

    /**
     * Revokes an identity (inside the caller's transaction) and publishes the revocation once.
     *
     * @return false when there is no such identity
     */
    public Uni<Boolean> revokeIdentity(String mpinId, RevocationReason reason, String revokedBy) {
        Instant now = clock.instant();
        return identities.findForUpdate(mpinId).chain(identity -> {
            if (identity == null) {
                return Uni.createFrom().item(false);
            }
            if (identity.state == Identity.State.REVOKED) {
                return Uni.createFrom().item(true);
            }
            identity.state = Identity.State.REVOKED;
            identity.revokedReason = reason.name().toLowerCase(Locale.ROOT);
            identity.revokedAt = now;
            return outbox.stage(
                            new IdentityRevoked(identity.mpinId, identity.clientId, identity.userId, reason, revokedBy))
                    .invoke(() ->
                            Log.debugf("identity of %s in %s revoked (%s)", identity.userId, identity.clientId, reason))
                    .replaceWith(true);
        });
    }
}
