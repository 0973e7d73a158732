package dev.zeropin.registration.service;

import dev.zeropin.events.IdentityEvents.RevocationReason;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.Identity;
import dev.zeropin.registration.repository.IdentityRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What users do with their own identities (authorised by a fresh PIN proof) and administrators
 * with anybody's (through {@link AdminOperations}, which audits them). Every revocation leaves as {@code identity.revoked}
 * and takes effect in otp-service within seconds.
 */
@ApplicationScoped
public class IdentityManagementService {

    private static final String MANAGE = "manage";

    private final IdentityRepository identities;
    private final IdentityService identityService;
    private final IdentityAssertionVerifier assertions;
    private final AuditService audit;

    public IdentityManagementService(
            IdentityRepository identities,
            IdentityService identityService,
            IdentityAssertionVerifier assertions,
            AuditService audit) {
        this.identities = identities;
        this.identityService = identityService;
        this.assertions = assertions;
        this.audit = audit;
    }

    /** A device deletes its own identity; the assertion must name it. */
    @WithTransaction
    public Uni<Void> deleteOwnIdentity(String mpinId, String authorization) {
        return assertions
                .consume(authorization, MANAGE)
                .chain(assertion -> requireSameIdentity(assertion, mpinId))
                .chain(assertion -> identityService.revokeIdentity(mpinId, RevocationReason.USER, "user"))
                .replaceWithVoid();
    }

    /** A device reads the history of its own identity; the assertion must name it. */
    @WithTransaction
    public Uni<List<AuditEvent>> historyOfOwnIdentity(String mpinId, String authorization) {
        return assertions
                .consume(authorization, MANAGE)
                .chain(assertion -> requireSameIdentity(assertion, mpinId))
                .chain(assertion -> audit.historyOf(mpinId, assertion.clientId(), assertion.userId()));
    }

    private static Uni<IdentityAssertionVerifier.Assertion> requireSameIdentity(
            IdentityAssertionVerifier.Assertion assertion, String mpinId) {
        if (!assertion.mpinId().equals(mpinId)) {
            return Uni.createFrom().failure(IdentityAssertionVerifier.invalid());
        }
        return Uni.createFrom().item(assertion);
    }

    /** Identities of a project, optionally of one User ID (administrators). */
    @WithSession
    public Uni<List<Identity>> listIdentities(String clientId, String userId) {
        return identities.listIdentities(clientId, userId);
    }

    /** An administrator revokes every active identity of a User ID; returns how many. */
    @WithTransaction
    public Uni<Integer> revokeAllOfUser(String clientId, String userId, String admin) {
        return identities.findActiveForUpdate(clientId, userId).chain(active -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Identity identity : active) {
                chain = chain.chain(() -> identityService
                        .revokeIdentity(identity.mpinId, RevocationReason.ADMIN, admin)
                        .replaceWithVoid());
            }
            return chain.replaceWith(active.size());
        });
    }
}
