package dev.zeropin.registration.rest;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.registration.Project;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A project as the admin API shows it, with the OTP generation link to hand to users. */
public record ProjectView(
        String clientId,
        String name,
        boolean enabled,
        int otpLength,
        int otpLifetimeSeconds,
        Set<VerificationMethod> verificationMethods,
        List<String> allowedEmailDomains,
        boolean browserAllowed,
        boolean mobileAllowed,
        ReplyMessages replyMessages,
        DirectorySettings directory,
        long revision,
        Instant createdAt,
        Instant updatedAt,
        URI otpLink) {

    static ProjectView of(Project project, URI publicUrl) {
        var settings = project.settings();
        return new ProjectView(
                project.clientId,
                settings.name(),
                settings.enabled(),
                settings.otpLength(),
                settings.otpLifetimeSeconds(),
                settings.verificationMethods(),
                settings.allowedEmailDomains(),
                settings.browserAllowed(),
                settings.mobileAllowed(),
                settings.replyMessages(),
                settings.directory(),
                project.revision,
                project.createdAt,
                project.updatedAt,
                otpLink(publicUrl, project.clientId));
    }

    /** The OTP generation link of a project: {@code <public url>/otpgen?client_id=<id>}. */
    public static URI otpLink(URI publicUrl, String clientId) {
        String base = publicUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/otpgen?client_id=" + clientId);
    }
}
