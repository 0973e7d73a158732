package dev.zeropin.otp.service;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.IdentityEvents.IdentityRegistered;
import dev.zeropin.events.IdentityEvents.IdentityRevoked;
import dev.zeropin.mpin.Curve;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.otp.repository.AcceptedVerificationRepository;
import dev.zeropin.otp.repository.IdentityStateRepository;
import dev.zeropin.otp.repository.OtpRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Applies identity events of registration-service: a registered identity becomes known (with its
 * point, computed once here instead of at every login); a revoked identity fails at once.
 */
@ApplicationScoped
public class RevocationService {

    private final IdentityStateRepository identities;
    private final OtpRepository otps;
    private final AcceptedVerificationRepository accepted;
    private final PairingPool pairing;
    private final Clock clock;

    public RevocationService(
            IdentityStateRepository identities,
            OtpRepository otps,
            AcceptedVerificationRepository accepted,
            PairingPool pairing,
            Clock clock) {
        this.accepted = accepted;
        this.identities = identities;
        this.otps = otps;
        this.pairing = pairing;
        this.clock = clock;
    }

    /** Applies an identity event inside the caller's transaction. */
    public Uni<Void> applyIdentityEvent(DomainEvent event) {
        if (event instanceof IdentityRegistered registered) {
            return register(registered);
        }
        if (!(event instanceof IdentityRevoked revoked)) {
            return Uni.createFrom().voidItem();
        }
        MpinId id;
        try {
            id = MpinId.parse(revoked.mpinId());
        } catch (IllegalArgumentException e) {
            Log.warnf("ignored a revocation of a malformed mpinId for %s", revoked.clientId());
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return identities
                .lockState(id, now)
                .invoke(state -> {
                    if (!state.isRevoked()) {
                        state.revokedAt = now;
                        state.revokedReason = revoked.reason().name().toLowerCase(Locale.ROOT);
                        state.updatedAt = now;
                    }
                })
                .chain(() -> otps.delete("mpinId", id.hex()))
                // A revoked identity's recent Accept cannot be repeated by a retry either.
                .chain(() -> accepted.forgetIdentity(id.hex()))
                .invoke(() ->
                        Log.infof("identity of %s in %s revoked (%s)", id.userId(), id.clientId(), revoked.reason()))
                .replaceWithVoid();
    }

    private Uni<Void> register(IdentityRegistered registered) {
        MpinId id;
        try {
            id = MpinId.parse(registered.mpinId());
        } catch (IllegalArgumentException e) {
            Log.warnf("ignored a registration of a malformed mpinId for %s", registered.clientId());
            return Uni.createFrom().voidItem();
        }
        return pairing.compute(() -> Curve.hashToPoint(id.raw()))
                .chain(hid -> identities.register(id, hid, clock.instant()));
    }
}
