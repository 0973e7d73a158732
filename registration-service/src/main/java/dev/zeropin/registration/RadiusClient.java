package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A RADIUS client (NAS) managed in the console; its secrets are sealed, never stored in clear. */
@Entity
@Table(name = "radius_client")
public class RadiusClient extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    /** Source address or CIDR. */
    public String address;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "require_message_authenticator")
    public boolean requireMessageAuthenticator;

    @Column(name = "secret_nonce")
    public String secretNonce;

    @Column(name = "secret_ciphertext")
    public String secretCiphertext;

    @Column(name = "previous_secret_nonce")
    public String previousSecretNonce;

    @Column(name = "previous_secret_ciphertext")
    public String previousSecretCiphertext;

    @Column(name = "previous_secret_valid_until")
    public Instant previousSecretValidUntil;

    public long revision;

    /** The form its last event was sealed in ({@link dev.zeropin.events.SecretSeal}): 2 binds every field. */
    @Column(name = "seal_version")
    public int sealVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
