package dev.zeropin.registration.service;

import dev.zeropin.events.NasSecretKeys;
import dev.zeropin.events.RadiusClientEvents.SealedSecret;
import dev.zeropin.events.SecretSeal;
import dev.zeropin.outbox.OutboxWriter;
import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.config.RegistrationConfig;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.registration.repository.RadiusClientRepository;
import dev.zeropin.support.net.Cidr;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * RADIUS clients (NAS) managed in the console: strong secrets generated here and shown once,
 * sealed at rest, rotated with an overlap window, and delivered to radius-gateway as
 * {@code radius-client-events} (sealed too, every field of the record bound to the seal) that take
 * effect within seconds, without a restart. The NAS secret key file may hold a second key during a
 * rotation: the first seals, either opens, and {@link #resealSecrets()} moves every secret to the
 * first.
 */
@ApplicationScoped
public class RadiusClientService {

    /** Length of generated shared secrets (RFC 6614 §4 and BlastRADIUS advice: long and random). */
    static final int SECRET_LENGTH = 32;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Duration MAX_OVERLAP = Duration.ofDays(30);
    /** The shortest prefix of a legacy client (no Message-Authenticator), IPv4. */
    static final int MIN_LEGACY_PREFIX_V4 = 16;
    /** The shortest prefix of a legacy client (no Message-Authenticator), IPv6. */
    static final int MIN_LEGACY_PREFIX_V6 = 48;
    /** The form of the events this version publishes ({@link SecretSeal#sealEvent}). */
    static final int SEAL_VERSION = 2;

    private final RadiusClientRepository clients;
    private final ProjectRepository projects;
    private final StaticRadiusClients staticClients;
    private final OutboxWriter outbox;
    private final NasSecretKeys keys;
    private final SecureRandom random;
    private final Clock clock;

    public RadiusClientService(
            RadiusClientRepository clients,
            ProjectRepository projects,
            StaticRadiusClients staticClients,
            OutboxWriter outbox,
            RegistrationConfig config,
            SecureRandom random,
            Clock clock) {
        this.clients = clients;
        this.projects = projects;
        this.staticClients = staticClients;
        this.outbox = outbox;
        this.random = random;
        this.clock = clock;
        this.keys = NasSecretKeys.read(config.keys().nasSecretKey(), "registration.keys.nas-secret-key");
    }

    /**
     * The settings of a RADIUS client as an administrator enters them.
     *
     * @param allowOverlap let the range overlap clients of other projects (a global administrator's
     *     explicit decision; refused otherwise)
     */
    public record ClientSettings(
            String name, String address, String clientId, Boolean requireMessageAuthenticator, Boolean allowOverlap) {

        public ClientSettings(String name, String address, String clientId, Boolean requireMessageAuthenticator) {
            this(name, address, clientId, requireMessageAuthenticator, null);
        }
    }

    /** A client and, right after creation or rotation, its new secret (shown once). */
    public record ClientWithSecret(RadiusClient client, String secret) {}

    /** Every console-managed client. */
    @WithSession
    public Uni<List<RadiusClient>> listClients() {
        return clients.listClients();
    }

    /** One client; 404 {@code radius_client_not_found} when there is none. */
    @WithSession
    public Uni<RadiusClient> getClient(UUID id) {
        return clients.findById(id).onItem().ifNull().failWith(RadiusClientService::notFound);
    }

    /** Creates a client with a new strong secret. */
    @WithTransaction
    public Uni<ClientWithSecret> createClient(ClientSettings settings) {
        String address = validate(settings, true);
        return checkProjectAndName(settings, null)
                .chain(() -> checkOverlap(address, settings, null))
                .chain(() -> {
                    Instant now = clock.instant();
                    RadiusClient client = new RadiusClient();
                    client.id = UUID.randomUUID();
                    client.name = settings.name();
                    client.address = address;
                    client.clientId = settings.clientId();
                    client.requireMessageAuthenticator = !Boolean.FALSE.equals(settings.requireMessageAuthenticator());
                    String secret = newSecret();
                    SealedSecret sealed = SecretSeal.seal(keys.sealing(), client.id.toString(), secret);
                    client.secretNonce = sealed.nonce();
                    client.secretCiphertext = sealed.ciphertext();
                    client.revision = 1;
                    client.sealVersion = SEAL_VERSION;
                    client.createdAt = now;
                    client.updatedAt = now;
                    return clients.persist(client)
                            .call(stored -> publish(stored))
                            .invoke(stored -> Log.infof("RADIUS client %s created for %s", stored.name, stored.address))
                            .map(stored -> new ClientWithSecret(stored, secret));
                });
    }

    /** Changes name, address, project or the Message-Authenticator requirement (the secret stays). */
    @WithTransaction
    public Uni<RadiusClient> updateClient(UUID id, ClientSettings settings) {
        return requireClient(id).chain(client -> {
            ClientSettings merged = new ClientSettings(
                    settings.name() != null ? settings.name() : client.name,
                    settings.address() != null ? settings.address() : client.address,
                    settings.clientId() != null ? settings.clientId() : client.clientId,
                    settings.requireMessageAuthenticator() != null
                            ? settings.requireMessageAuthenticator()
                            : client.requireMessageAuthenticator,
                    settings.allowOverlap());
            String address = validate(merged, false);
            boolean moved =
                    !address.equals(client.address) || !merged.clientId().equals(client.clientId);
            return checkProjectAndName(merged, client.id)
                    .chain(() -> moved
                            ? checkOverlap(address, merged, client.id)
                            : Uni.createFrom().voidItem())
                    .chain(() -> {
                        client.name = merged.name();
                        client.address = address;
                        client.clientId = merged.clientId();
                        client.requireMessageAuthenticator = merged.requireMessageAuthenticator();
                        client.revision++;
                        client.updatedAt = clock.instant();
                        return publish(client).replaceWith(client);
                    });
        });
    }

    /**
     * Gives a client a new secret; the old one keeps working for {@code overlap} so that the NAS
     * can be reconfigured without an outage.
     */
    @WithTransaction
    public Uni<ClientWithSecret> rotateSecret(UUID id, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw FieldErrors.validationFailed(List.of(
                    new FieldErrors.FieldError("overlapSeconds", "must be between 0 and " + MAX_OVERLAP.toSeconds())));
        }
        return requireClient(id).chain(client -> {
            Instant now = clock.instant();
            client.previousSecretNonce = client.secretNonce;
            client.previousSecretCiphertext = client.secretCiphertext;
            client.previousSecretValidUntil = now.plus(overlap);
            String secret = newSecret();
            SealedSecret sealed = SecretSeal.seal(keys.sealing(), client.id.toString(), secret);
            client.secretNonce = sealed.nonce();
            client.secretCiphertext = sealed.ciphertext();
            client.revision++;
            client.updatedAt = now;
            return publish(client).replaceWith(new ClientWithSecret(client, secret));
        });
    }

    /**
     * Re-seals every client's secrets (current and previous) under the first NAS secret key and
     * publishes each client again (a new revision sealed with that key), so that nothing sealed with
     * an older key is needed any more: the step of a key rotation between adding the new key (first
     * line of the key file, the old one second) and removing the old one.
     *
     * @return how many clients were re-sealed
     * @throws IllegalStateException when a secret opens with none of the keys (nothing changes)
     */
    @WithTransaction
    public Uni<Integer> resealSecrets() {
        return clients.listForUpdate().chain(list -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (RadiusClient client : list) {
                all = all.chain(() -> reseal(client));
            }
            return all.invoke(
                            () -> Log.infof("%d RADIUS clients re-sealed under the first NAS secret key", list.size()))
                    .replaceWith(list.size());
        });
    }

    private Uni<Void> reseal(RadiusClient client) {
        String id = client.id.toString();
        SealedSecret current = SecretSeal.seal(keys.sealing(), id, openAtRest(id, currentOf(client)));
        client.secretNonce = current.nonce();
        client.secretCiphertext = current.ciphertext();
        SealedSecret previous = previousOf(client);
        if (previous != null) {
            SealedSecret resealed = SecretSeal.seal(keys.sealing(), id, openAtRest(id, previous));
            client.previousSecretNonce = resealed.nonce();
            client.previousSecretCiphertext = resealed.ciphertext();
        }
        client.revision++;
        client.updatedAt = clock.instant();
        return publish(client);
    }

    /**
     * Publishes again, as a new revision, every client whose last event was sealed in an older form
     * (before every field was bound to the seal): gateways refuse the old form. Runs at start; a
     * second replica starting at the same time waits for the row locks and finds nothing left.
     *
     * @return how many clients were published again
     */
    @WithTransaction
    public Uni<Integer> republishOutdated() {
        return clients.listSealedBefore(SEAL_VERSION).chain(list -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (RadiusClient client : list) {
                all = all.chain(() -> {
                    client.revision++;
                    client.updatedAt = clock.instant();
                    return publish(client);
                });
            }
            return all.replaceWith(list.size());
        });
    }

    /** Deletes a client: the gateway drops its packets from then on. */
    @WithTransaction
    public Uni<RadiusClient> deleteClient(UUID id) {
        return requireClient(id)
                .chain(client -> clients.delete(client)
                        .chain(() -> outbox.stage(SecretSeal.sealDeletion(
                                keys.sealing(), client.id.toString(), client.name, client.revision + 1)))
                        .replaceWith(client));
    }

    /** Stages the client's event: its secrets opened from rest and sealed again, bound to every field. */
    private Uni<Void> publish(RadiusClient client) {
        String id = client.id.toString();
        SealedSecret previous = previousOf(client);
        client.sealVersion = SEAL_VERSION;
        return outbox.stage(SecretSeal.sealEvent(
                        keys.sealing(),
                        new SecretSeal.ClientFields(
                                id,
                                client.name,
                                client.address,
                                client.clientId,
                                client.requireMessageAuthenticator,
                                client.previousSecretValidUntil,
                                client.revision),
                        openAtRest(id, currentOf(client)),
                        previous == null ? null : openAtRest(id, previous)))
                .replaceWithVoid();
    }

    private String openAtRest(String id, SealedSecret sealed) {
        try {
            return keys.open(key -> SecretSeal.open(key, id, sealed));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secret of RADIUS client " + id
                    + " opens with no key of registration.keys.nas-secret-key (was a key removed too early?)");
        }
    }

    private static SealedSecret currentOf(RadiusClient client) {
        return new SealedSecret(client.secretNonce, client.secretCiphertext);
    }

    private static SealedSecret previousOf(RadiusClient client) {
        return client.previousSecretCiphertext == null
                ? null
                : new SealedSecret(client.previousSecretNonce, client.previousSecretCiphertext);
    }

    private Uni<RadiusClient> requireClient(UUID id) {
        return clients.findForUpdate(id).onItem().ifNull().failWith(RadiusClientService::notFound);
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("radius_client_not_found", "There is no such RADIUS client.");
    }

    private static String validate(ClientSettings settings, boolean creating) {
        FieldErrors errors = new FieldErrors();
        errors.check(
                settings.name() != null && NAME.matcher(settings.name()).matches(),
                "name",
                "must be 1 to 63 letters, digits, dots, hyphens or underscores");
        Cidr range = Cidr.parse(settings.address()).orElse(null);
        String address = range == null ? null : range.toString();
        errors.check(address != null, "address", "must be an IP address or CIDR range, e.g. 192.0.2.10 or 10.0.0.0/24");
        boolean legacy = Boolean.FALSE.equals(settings.requireMessageAuthenticator());
        errors.check(
                range == null
                        || !legacy
                        || range.prefix() >= (range.isIpv4() ? MIN_LEGACY_PREFIX_V4 : MIN_LEGACY_PREFIX_V6),
                "address",
                "must be a /" + MIN_LEGACY_PREFIX_V4 + " or narrower (IPv6: /" + MIN_LEGACY_PREFIX_V6
                        + ") for a legacy client that sends no Message-Authenticator");
        errors.check(!creating || settings.clientId() != null, "clientId", "is required");
        errors.throwIfAny();
        return address;
    }

    /**
     * Refuses a range that overlaps a RADIUS client of another project, console-managed or from a
     * gateway's configuration file (as the gateways announce them), unless the settings allow it:
     * the gateway gives a packet to the longest matching prefix, so a narrower range of another
     * project would take over that project's NAS.
     */
    private Uni<Void> checkOverlap(String address, ClientSettings settings, UUID self) {
        if (Boolean.TRUE.equals(settings.allowOverlap())) {
            return Uni.createFrom().voidItem();
        }
        Cidr range = Cidr.parse(address).orElseThrow();
        return clients.lockRanges()
                .chain(clients::listClients)
                .chain(console -> staticClients.snapshot().chain(announced -> {
                    boolean consoleOverlap = console.stream()
                            .filter(other -> !other.id.equals(self))
                            .filter(other -> !other.clientId.equals(settings.clientId()))
                            .anyMatch(other -> overlaps(range, other.address));
                    boolean fileOverlap = announced.clients().stream()
                            .filter(other -> !settings.clientId().equals(other.clientId()))
                            .anyMatch(other -> overlaps(range, other.address()));
                    if (consoleOverlap || fileOverlap) {
                        Log.infof(
                                "RADIUS client %s refused: %s overlaps a client of another project",
                                settings.name(), address);
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "radius_client_range_overlaps",
                                        "The range " + address + " overlaps a RADIUS client of another project."
                                                + " Only a global administrator can allow that, explicitly."));
                    }
                    return Uni.createFrom().voidItem();
                }));
    }

    private static boolean overlaps(Cidr range, String other) {
        return Cidr.parse(other).map(range::overlaps).orElse(false);
    }

    private Uni<Void> checkProjectAndName(ClientSettings settings, UUID self) {
        return projects.findById(settings.clientId()).chain(project -> {
            if (project == null) {
                return Uni.createFrom()
                        .failure(FieldErrors.validationFailed(
                                List.of(new FieldErrors.FieldError("clientId", "there is no such project"))));
            }
            return clients.findByName(settings.name())
                    .chain(existing -> existing != null && !existing.id.equals(self)
                            ? Uni.createFrom()
                                    .failure(ProblemException.conflict(
                                            "radius_client_exists",
                                            "A RADIUS client named " + settings.name() + " exists."))
                            : Uni.createFrom().voidItem());
        });
    }

    private String newSecret() {
        StringBuilder secret = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }
}
