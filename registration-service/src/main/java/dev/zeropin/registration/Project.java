package dev.zeropin.registration;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A project: the unit an administrator configures and hands to users as an OTP generation link. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

    /** The public project identifier ({@code client_id}) in the OTP link. */
    @Id
    @Column(name = "client_id")
    public String clientId;

    public String name;

    public boolean enabled;

    @Column(name = "otp_length")
    public int otpLength;

    @Column(name = "otp_lifetime_seconds")
    public int otpLifetimeSeconds;

    @Column(name = "verification_methods")
    @Convert(converter = CommaSeparatedListConverter.class)
    public List<String> verificationMethods;

    @Column(name = "allowed_email_domains")
    @Convert(converter = CommaSeparatedListConverter.class)
    public List<String> allowedEmailDomains;

    @Column(name = "browser_allowed")
    public boolean browserAllowed;

    @Column(name = "mobile_allowed")
    public boolean mobileAllowed;

    /** RADIUS Reply-Message on Access-Accept; null means the default wording. */
    @Column(name = "reply_accept")
    public String replyAccept;

    /** RADIUS Reply-Message on Access-Reject; null means the default wording. */
    @Column(name = "reply_reject")
    public String replyReject;

    /** RADIUS Reply-Message while backed off, with {@code {seconds}}; null means the default. */
    @Column(name = "reply_locked")
    public String replyLocked;

    /** The company directory that admits users; null when the project has none. */
    @Convert(converter = DirectorySettingsConverter.class)
    public DirectorySettings directory;

    /** Increases with every change; consumers keep the newest revision they saw. */
    @Version
    public long revision;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The settings as they travel in {@code project-events}. */
    public ProjectSettings settings() {
        Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
        verificationMethods.forEach(method -> methods.add(VerificationMethod.valueOf(method)));
        return new ProjectSettings(
                name,
                enabled,
                otpLength,
                otpLifetimeSeconds,
                methods,
                allowedEmailDomains,
                browserAllowed,
                mobileAllowed,
                new ReplyMessages(replyAccept, replyReject, replyLocked),
                directory);
    }

    /** Replaces every setting with {@code settings}. */
    public void apply(ProjectSettings settings) {
        name = settings.name();
        enabled = settings.enabled();
        otpLength = settings.otpLength();
        otpLifetimeSeconds = settings.otpLifetimeSeconds();
        verificationMethods =
                settings.verificationMethods().stream().map(Enum::name).sorted().toList();
        allowedEmailDomains = List.copyOf(settings.allowedEmailDomains());
        browserAllowed = settings.browserAllowed();
        mobileAllowed = settings.mobileAllowed();
        ReplyMessages messages = settings.replyMessages();
        ReplyMessages defaults = ReplyMessages.DEFAULTS;
        replyAccept = messages.accept().equals(defaults.accept()) ? null : messages.accept();
        replyReject = messages.reject().equals(defaults.reject()) ? null : messages.reject();
        replyLocked = messages.locked().equals(defaults.locked()) ? null : messages.locked();
        directory = settings.directory();
    }
}
