package dev.zeropin.registration;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A User ID waiting for its e-mail verification. Neither the code nor the link token is stored:
 * only a keyed MAC of the code (an 8-digit code is too short for a plain hash) and a hash of the
 * 256-bit link token.
 */
@Entity
@Table(name = "registration")
public class Registration extends PanacheEntityBase {

    /** Where a registration stands. */
    public enum Status {
        /** Waiting for the code or the link. */
        PENDING,
        /** Verified; an activation token was issued. */
        VERIFIED,
        /** Too many wrong codes: start again. */
        VOID
    }

    /** Whether the owner of the User ID is told that this registration ended unfinished. */
    public enum Notice {
        /** To be told (void, or refused by the daily cap of wrong codes). */
        DUE,
        /** Handled: told, or not told because a notice went out recently. */
        DONE
    }

    @Id
    public UUID id;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "device_label")
    public String deviceLabel;

    @Column(name = "source_address")
    public String sourceAddress;

    @Column(name = "code_mac")
    public byte[] codeMac;

    @Column(name = "link_token_hash")
    public byte[] linkTokenHash;

    public int attempts;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Enumerated(EnumType.STRING)
    public Notice notice;
}
