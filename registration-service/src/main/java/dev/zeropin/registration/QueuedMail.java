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
 * An e-mail staged with the transaction that decided it and sent after its commit. It holds no
 * secret: the code and link of a verification e-mail are derived again when it is sent.
 */
@Entity
@Table(name = "mail_queue")
public class QueuedMail extends PanacheEntityBase {

    /** What the e-mail says. */
    public enum Kind {
        /** The code and/or link of a registration. */
        VERIFICATION,
        /** A registration of the recipient's User ID ended unfinished. */
        UNFINISHED_REGISTRATION
    }

    /** Where the e-mail stands. */
    public enum State {
        /** Waiting for its (next) attempt. */
        PENDING,
        /** Accepted by the SMTP server. */
        SENT,
        /** Not sent before it became pointless (the registration expired). */
        EXPIRED
    }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "registration_id")
    public UUID registrationId;

    public String recipient;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "project_name")
    public String projectName;

    @Column(name = "with_code")
    public boolean withCode;

    @Column(name = "with_link")
    public boolean withLink;

    @Column(name = "wrong_codes")
    public int wrongCodes;

    @Enumerated(EnumType.STRING)
    public State state;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
