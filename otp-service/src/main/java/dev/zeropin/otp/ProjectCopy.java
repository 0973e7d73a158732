package dev.zeropin.otp;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * otp-service's own copy of a project's settings, kept up to date from {@code project-events}
 * (registration-service owns projects; this service never reads its tables).
 */
@Entity
@Table(name = "project_copy")
public class ProjectCopy extends PanacheEntityBase {

    @Id
    @Column(name = "client_id")
    public String clientId;

    public String name;

    public boolean enabled;

    @Column(name = "otp_length")
    public int otpLength;

    @Column(name = "otp_lifetime_seconds")
    public int otpLifetimeSeconds;

    @Column(name = "reply_accept")
    public String replyAccept;

    @Column(name = "reply_reject")
    public String replyReject;

    @Column(name = "reply_locked")
    public String replyLocked;

    /** The company directory that admits users; null when the project has none. */
    @Convert(converter = DirectorySettingsConverter.class)
    public DirectorySettings directory;

    /** The revision of the newest event applied; older events are ignored. */
    public long revision;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The project's Reply-Message wording, defaults in place of what it leaves out. */
    public ReplyMessages replyMessages() {
        return ReplyMessages.DEFAULTS.overriddenBy(new ReplyMessages(replyAccept, replyReject, replyLocked));
    }
}
