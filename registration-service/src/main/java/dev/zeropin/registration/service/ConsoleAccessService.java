package dev.zeropin.registration.service;

import dev.zeropin.registration.AdminAuditType;
import dev.zeropin.registration.AdminBootstrap;
import dev.zeropin.registration.AdminGrant;
import dev.zeropin.registration.AdminIdentity;
import dev.zeropin.registration.AdminSession;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.AdminRepository;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.Problem;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Who may use the admin console, and their sessions. There is no password: an administrator
 * signs in with one of their ZeroPIN identities (a PIN proof with purpose {@code admin-login}).
 * Their User ID must be on the allowlist (global, or per project) <em>and</em> the identity must be
 * enrolled for the console and still ACTIVE: an identity of the same User ID won elsewhere (in any
 * project, e.g. by guessing an e-mailed code) does not open it. An identity is enrolled with a
 * one-time link: a bootstrap link (the very first global administrator, or recovery) or a sign-in
 * link that a global administrator hands to the User ID they allow. Every request of a session
 * checks again that its identity is enrolled and ACTIVE, so revoking it ends the session at once.
 * Every action is written to the audit trail.
 */
@ApplicationScoped
public class ConsoleAccessService {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String ADMIN_LOGIN = "admin-login";

    private final AdminRepository admins;
    private final AdminAudit audit;
    private final ProjectRepository projects;
    private final IdentityAssertionVerifier assertions;
    private final RegistrationKeys keys;
    private final RegistrationConfig config;
    private final SecureRandom random;
    private final Clock clock;

    public ConsoleAccessService(
            AdminRepository admins,
            AdminAudit audit,
            ProjectRepository projects,
            IdentityAssertionVerifier assertions,
            RegistrationKeys keys,
            RegistrationConfig config,
            SecureRandom random,
            Clock clock) {
        this.admins = admins;
        this.audit = audit;
        this.projects = projects;
        this.assertions = assertions;
        this.keys = keys;
        this.config = config;
        this.random = random;
        this.clock = clock;
    }

    /**
     * A signed-in administrator.
     *
     * @param id the session id
     * @param userId the administrator's User ID
     * @param global whether they administer every project
     * @param projects the projects they administer (when not global)
     * @param expiresAt when the session ends by itself
     * @param csrfToken the token every form of this session carries
     * @param sourceAddress where the session was opened from
     */
    public record ConsoleSession(
            UUID id,
            String userId,
            boolean global,
            Set<String> projects,
            Instant expiresAt,
            String csrfToken,
            String sourceAddress)
            implements Administrator {

        /** Whether this administrator may manage a project. */
        @Override
        public boolean mayManage(String clientId) {
            return global || projects.contains(clientId);
        }

        /** The audit trail names a console administrator by their User ID. */
        @Override
        public String actor() {
            return userId;
        }
    }

    /** A new session and the value of its cookie. */
    public record Opened(ConsoleSession session, String cookie) {}

    /** Thrown when a request has no valid session: the console answers with the sign-in page. */
    public static final class NoSession extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSession() {
            super("no console session", null, false, false);
        }
    }

    /** Signs in with a PIN proof of an enrolled, ACTIVE identity of an allowed User ID. */
    @WithTransaction
    public Uni<Opened> signIn(String authorization, String source) {
        return assertions
                .consume(authorization, ADMIN_LOGIN)
                .chain(assertion -> admins.grantsOf(assertion.userId()).chain(grants -> {
                    if (grants.isEmpty()) {
                        return Uni.createFrom().failure(notAnAdministrator());
                    }
                    return admins.isEnrolledAndActive(assertion.mpinId(), assertion.userId())
                            .chain(enrolled -> enrolled
                                    ? open(assertion.userId(), assertion.mpinId(), grants, source)
                                    : Uni.createFrom().failure(notAnAdministrator()));
                }));
    }

    /**
     * Redeems a one-time link with a PIN proof, enrols the proving identity for the console and
     * signs in. A bootstrap link makes the proof's User ID a global administrator; a sign-in link
     * works only for the User ID it was made for, while that User ID holds a grant.
     */
    @WithTransaction
    public Uni<Opened> redeemBootstrap(String code, String authorization, String source) {
        Instant now = clock.instant();
        return assertions
                .consume(authorization, ADMIN_LOGIN)
                .chain(assertion -> admins.findBootstrapForUpdate(sha256(code == null ? "" : code))
                        .chain(bootstrap -> {
                            if (bootstrap == null || bootstrap.usedAt != null || !bootstrap.expiresAt.isAfter(now)) {
                                return Uni.createFrom()
                                        .failure(new ProblemException(Problem.of(410, "bootstrap_link_invalid", "Gone")
                                                .withDetail("This link is not valid any more. Ask a global"
                                                        + " administrator for a new sign-in link, or create a"
                                                        + " bootstrap link with: zeropin admin-bootstrap")));
                            }
                            if (bootstrap.userId != null && !bootstrap.userId.equals(assertion.userId())) {
                                return Uni.createFrom().failure(notAnAdministrator());
                            }
                            bootstrap.usedAt = now;
                            bootstrap.usedBy = assertion.userId();
                            Uni<Void> granted = bootstrap.userId == null
                                    ? grant(assertion.userId(), null, "bootstrap")
                                    : Uni.createFrom().voidItem();
                            return granted.chain(() -> admins.isActive(assertion.mpinId()))
                                    .chain(active -> active
                                            ? admins.grantsOf(assertion.userId())
                                            : Uni.createFrom().failure(notAnAdministrator()))
                                    .chain(grants -> grants.isEmpty()
                                            ? Uni.createFrom().failure(notAnAdministrator())
                                            : enrol(assertion.userId(), assertion.mpinId(), bootstrap)
                                                    .chain(() -> open(
                                                            assertion.userId(), assertion.mpinId(), grants, source)));
                        }));
    }

    private Uni<Void> enrol(String userId, String mpinId, AdminBootstrap link) {
        return admins.findEnrolment(mpinId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            AdminIdentity enrolment = new AdminIdentity();
            enrolment.mpinId = mpinId;
            enrolment.userId = userId;
            enrolment.enrolledAt = clock.instant();
            enrolment.enrolledBy = link.userId == null ? "bootstrap link" : "sign-in link";
            return admins.persist(enrolment).replaceWithVoid();
        });
    }

    private Uni<Opened> open(String userId, String mpinId, List<AdminGrant> grants, String source) {
        Instant now = clock.instant();
        AdminSession session = new AdminSession();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.mpinId = mpinId;
        session.sourceAddress = source;
        session.createdAt = now;
        session.expiresAt = now.plus(config.console().sessionLifetime());
        return admins.persist(session)
                .chain(stored -> audit.recordInTransaction(
                        toSession(stored, grants), AdminAuditType.SIGNED_IN, null, "session opened"))
                .map(ignored -> new Opened(toSession(session, grants), cookieOf(session.id)));
    }

    /** The session of a request's cookie; {@link NoSession} when it is missing, forged, expired or ended. */
    @WithSession
    public Uni<ConsoleSession> requireSession(String cookie) {
        Optional<UUID> id = parseCookie(cookie);
        if (id.isEmpty()) {
            return Uni.createFrom().failure(new NoSession());
        }
        Instant now = clock.instant();
        return admins.findSession(id.get()).chain(session -> {
            if (session == null || session.endedAt != null || !session.expiresAt.isAfter(now)) {
                return Uni.createFrom().failure(new NoSession());
            }
            return admins.isEnrolledAndActive(session.mpinId, session.userId)
                    .chain(enrolled -> enrolled
                            ? admins.grantsOf(session.userId)
                            : Uni.createFrom().failure(new NoSession()))
                    .chain(grants -> grants.isEmpty()
                            ? Uni.createFrom().failure(new NoSession())
                            : Uni.createFrom().item(toSession(session, grants)));
        });
    }

    /** The session of a state-changing request: also checks its CSRF token. */
    public Uni<ConsoleSession> requireSession(String cookie, String csrfToken) {
        return requireSession(cookie)
                .chain(
                        session -> csrfToken != null
                                        && MessageDigest.isEqual(
                                                session.csrfToken().getBytes(StandardCharsets.UTF_8),
                                                csrfToken.getBytes(StandardCharsets.UTF_8))
                                ? Uni.createFrom().item(session)
                                : Uni.createFrom()
                                        .failure(
                                                new ProblemException(
                                                        Problem.of(403, "csrf_token_invalid", "Forbidden")
                                                                .withDetail(
                                                                        "This form is stale or did not come from the console. Reload the page."))));
    }

    /** Ends a session (sign-out). */
    @WithTransaction
    public Uni<Void> endSession(ConsoleSession console) {
        return admins.findSession(console.id()).chain(session -> {
            session.endedAt = clock.instant();
            return audit.recordInTransaction(console, AdminAuditType.SIGNED_OUT, null, "session ended");
        });
    }

    /**
     * A one-time bootstrap link.
     *
     * @param link the link; its code travels in the fragment, which browsers do not send to servers
     * @param expiresAt when it stops working
     * @param globalAdministrators how many global administrators exist already
     */
    public record BootstrapLink(String link, Instant expiresAt, long globalAdministrators) {}

    /** A one-time link for the first (or another) global administrator; audited, the code is not. */
    @WithTransaction
    public Uni<BootstrapLink> createBootstrapLink(Administrator by) {
        requireGlobal(by);
        Log.infof("bootstrap link created by %s", by.actor());
        return createLink(null, "/admin/bootstrap#code=")
                .call(link -> audit.recordInTransaction(
                        by, AdminAuditType.BOOTSTRAP_LINK_CREATED, null, "valid until " + link.expiresAt()))
                .chain(link -> admins.countGlobalAdmins()
                        .map(count -> new BootstrapLink(link.link(), link.expiresAt(), count)));
    }

    /**
     * A one-time sign-in link that enrols an identity of {@code userId} for the console.
     *
     * @param link the link; its code travels in the fragment
     * @param userId the User ID it is for
     * @param expiresAt when it stops working
     */
    public record SignInLink(String link, String userId, Instant expiresAt) {}

    private Uni<SignInLink> createLink(String userId, String path) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String code = ENCODER.encodeToString(bytes);
        Instant now = clock.instant();
        AdminBootstrap bootstrap = new AdminBootstrap();
        bootstrap.id = UUID.randomUUID();
        bootstrap.codeHash = sha256(code);
        bootstrap.createdAt = now;
        bootstrap.expiresAt = now.plus(config.console().bootstrapLifetime());
        bootstrap.userId = userId;
        String base = config.publicUrl().toString().replaceAll("/+$", "");
        return admins.persist(bootstrap).map(stored -> new SignInLink(base + path + code, userId, stored.expiresAt));
    }

    /** Every enrolled identity (global administrators only). */
    @WithSession
    public Uni<List<AdminIdentity>> listEnrolments() {
        return admins.listEnrolments();
    }

    /** Every grant (global administrators only). */
    @WithSession
    public Uni<List<AdminGrant>> listGrants() {
        return admins.listGrants();
    }

    /**
     * Grants console access to a User ID, globally ({@code clientId} null) or for a project, and
     * makes the one-time sign-in link with which that User ID enrols its identity (granting again
     * makes a new link, e.g. after the administrator's identity was revoked).
     */
    @WithTransaction
    public Uni<SignInLink> grantAccess(ConsoleSession by, String rawUserId, String clientId) {
        requireGlobal(by);
        String userId = dev.zeropin.events.UserIds.normalise(rawUserId)
                .orElseThrow(() -> FieldErrors.validationFailed(
                        List.of(new FieldErrors.FieldError("userId", "must be an e-mail address"))));
        Uni<Void> projectCheck = clientId == null
                ? Uni.createFrom().voidItem()
                : projects.findById(clientId)
                        .chain(project -> project == null
                                ? Uni.createFrom()
                                        .failure(FieldErrors.validationFailed(List.of(
                                                new FieldErrors.FieldError("clientId", "there is no such project"))))
                                : Uni.createFrom().voidItem());
        return projectCheck
                .chain(() -> grant(userId, clientId, by.userId()))
                .chain(() -> audit.recordInTransaction(by, AdminAuditType.ACCESS_GRANTED, clientId, userId))
                .chain(() -> createLink(userId, "/admin/enrol#code="));
    }

    /** Removes a grant; the last global administrator cannot be removed. */
    @WithTransaction
    public Uni<Void> revokeAccess(ConsoleSession by, UUID grantId) {
        requireGlobal(by);
        return admins.findGrant(grantId).chain(grant -> {
            if (grant == null) {
                return Uni.createFrom()
                        .failure(ProblemException.notFound("grant_not_found", "There is no such grant."));
            }
            Uni<Void> guard = grant.isGlobal()
                    ? admins.countGlobalAdmins()
                            .chain(count -> count <= 1
                                    ? Uni.createFrom()
                                            .failure(ProblemException.conflict(
                                                    "last_global_admin",
                                                    "The last global administrator cannot be removed."))
                                    : Uni.createFrom().voidItem())
                    : Uni.createFrom().voidItem();
            return guard.chain(() -> admins.delete(grant))
                    .chain(() -> admins.grantsOf(grant.userId))
                    .chain(left -> left.stream().allMatch(other -> other.id.equals(grant.id))
                            ? admins.forgetEnrolments(grant.userId)
                            : Uni.createFrom().voidItem())
                    .chain(() ->
                            audit.recordInTransaction(by, AdminAuditType.ACCESS_REVOKED, grant.clientId, grant.userId));
        });
    }

    static void requireGlobal(Administrator session) {
        if (!session.global()) {
            throw ProblemException.forbidden("global_admin_required", "Only global administrators can do this.");
        }
    }

    private Uni<Void> grant(String userId, String clientId, String grantedBy) {
        return admins.grantsOf(userId).chain(existing -> {
            boolean present = existing.stream().anyMatch(grant -> java.util.Objects.equals(grant.clientId, clientId));
            if (present) {
                return Uni.createFrom().voidItem();
            }
            AdminGrant grant = new AdminGrant();
            grant.id = UUID.randomUUID();
            grant.userId = userId;
            grant.clientId = clientId;
            grant.grantedBy = grantedBy;
            grant.grantedAt = clock.instant();
            return admins.persist(grant).replaceWithVoid();
        });
    }

    private ConsoleSession toSession(AdminSession session, List<AdminGrant> grants) {
        boolean global = grants.stream().anyMatch(AdminGrant::isGlobal);
        Set<String> projectIds = new TreeSet<>();
        grants.stream().filter(grant -> !grant.isGlobal()).forEach(grant -> projectIds.add(grant.clientId));
        return new ConsoleSession(
                session.id,
                session.userId,
                global,
                Set.copyOf(projectIds),
                session.expiresAt,
                ENCODER.encodeToString(keys.consoleMac("csrf:" + session.id)),
                session.sourceAddress);
    }

    private String cookieOf(UUID id) {
        return id + "." + ENCODER.encodeToString(keys.consoleMac("session:" + id));
    }

    private Optional<UUID> parseCookie(String cookie) {
        if (cookie == null || cookie.length() > 200 || cookie.indexOf('.') < 0) {
            return Optional.empty();
        }
        String id = cookie.substring(0, cookie.indexOf('.'));
        String mac = cookie.substring(cookie.indexOf('.') + 1);
        try {
            UUID uuid = UUID.fromString(id);
            byte[] expected =
                    ENCODER.encodeToString(keys.consoleMac("session:" + uuid)).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, mac.getBytes(StandardCharsets.UTF_8))
                    ? Optional.of(uuid)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ProblemException notAnAdministrator() {
        return ProblemException.forbidden(
                "not_an_administrator",
                "This identity may not open the console: its User ID is not allowed, or the identity was not enrolled"
                        + " with a sign-in link, or it was revoked.");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
