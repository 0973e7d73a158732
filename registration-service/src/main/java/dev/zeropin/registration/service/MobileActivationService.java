package dev.zeropin.registration.service;

import dev.zeropin.registration.MobileActivation;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.EnrolmentBudgetRepository;
import dev.zeropin.registration.repository.MobileActivationRepository;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.support.concurrent.Offload;
import dev.zeropin.support.problem.Problem;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * "Log In Using Mobile": one-time activation links for a project, shown as QR codes on the
 * desktop page and opened by the phone's camera. The code is in the link's fragment (never sent to
 * a server by the browser); only its hash is stored.
 */
@ApplicationScoped
public class MobileActivationService {

    private final MobileActivationRepository activations;
    private final ProjectRepository projects;
    private final EnrolmentBudgetRepository budgets;
    private final RegistrationConfig config;
    private final SecureRandom random;
    private final Clock clock;

    public MobileActivationService(
            MobileActivationRepository activations,
            ProjectRepository projects,
            EnrolmentBudgetRepository budgets,
            RegistrationConfig config,
            SecureRandom random,
            Clock clock) {
        this.activations = activations;
        this.projects = projects;
        this.budgets = budgets;
        this.config = config;
        this.random = random;
        this.clock = clock;
    }

    /** A new activation link and its QR code. */
    public record Activation(String url, String qrSvg, Instant expiresAt, long expiresInSeconds) {}

    /** The project a redeemed activation opens. */
    public record Redeemed(String clientId, String projectName) {}

    /**
     * Creates an activation link for a project that allows the mobile app, within the budget of the
     * source address.
     */
    public Uni<Activation> createActivation(String clientId, String source) {
        return storeActivation(clientId, source)
                .chain(stored -> Offload.compute(() -> new Activation(
                        stored.url(),
                        QrCodes.svg(stored.url()),
                        stored.expiresAt(),
                        config.mobile().activationLifetime().toSeconds())));
    }

    record Stored(String url, Instant expiresAt) {}

    @WithTransaction
    Uni<Stored> storeActivation(String clientId, String source) {
        Instant now = clock.instant();
        return budgets.take(
                        EnrolmentBudgetRepository.MOBILE_ACTIVATIONS_PER_ADDRESS,
                        SourceAddresses.budgetSubject(source),
                        config.mobile().activationsPerAddressPerHour(),
                        Duration.ofHours(1),
                        now)
                .chain(within -> within
                        ? projects.findById(clientId)
                        : Uni.createFrom()
                                .failure(ProblemException.tooManyRequests(
                                        "too_many_activations",
                                        "Too many QR codes from this network; wait a while and try again.",
                                        3600)))
                .chain(project -> {
                    checkMobileAllowed(project, clientId);
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    MobileActivation activation = new MobileActivation();
                    activation.id = UUID.randomUUID();
                    activation.codeHash = sha256(code);
                    activation.clientId = clientId;
                    activation.createdAt = now;
                    activation.expiresAt = now.plus(config.mobile().activationLifetime());
                    String base = config.publicUrl().toString().replaceAll("/+$", "");
                    return activations
                            .persist(activation)
                            .map(stored -> new Stored(base + "/m/activate#code=" + code, stored.expiresAt));
                });
    }

    /** Redeems an activation code once; reused, expired and unknown codes are refused. */
    @WithTransaction
    public Uni<Redeemed> redeemActivation(String code) {
        if (code == null || code.length() > 64) {
            return Uni.createFrom().failure(notFound());
        }
        Instant now = clock.instant();
        return activations.findByCodeHashForUpdate(sha256(code)).chain(activation -> {
            if (activation == null) {
                return Uni.createFrom().failure(notFound());
            }
            if (activation.usedAt != null) {
                return Uni.createFrom()
                        .failure(new ProblemException(Problem.of(409, "activation_used", "Conflict")
                                .withDetail("This QR code was used already. Show a new one on your computer.")));
            }
            if (!activation.expiresAt.isAfter(now)) {
                return Uni.createFrom()
                        .failure(new ProblemException(Problem.of(410, "activation_expired", "Gone")
                                .withDetail("This QR code has expired. Show a new one on your computer.")));
            }
            activation.usedAt = now;
            return projects.findById(activation.clientId).map(project -> {
                checkMobileAllowed(project, activation.clientId);
                return new Redeemed(project.clientId, project.name);
            });
        });
    }

    private static void checkMobileAllowed(Project project, String clientId) {
        if (project == null) {
            throw RegistrationProblems.projectNotFound(clientId);
        }
        if (!project.enabled) {
            throw RegistrationProblems.projectDisabled();
        }
        if (!project.mobileAllowed) {
            throw RegistrationProblems.channelNotAllowed("the mobile app");
        }
    }

    private static ProblemException notFound() {
        return ProblemException.notFound(
                "activation_not_found", "This QR code is not valid. Show a new one on your" + " computer.");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
