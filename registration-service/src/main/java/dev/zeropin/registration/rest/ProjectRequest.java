package dev.zeropin.registration.rest;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.registration.service.ProjectSettingsRules;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A project as an administrator sends it. On creation, omitted fields take their defaults
 * ({@link ProjectSettingsRules#defaults}); on a
 * change (PATCH), omitted fields keep their current values (also each omitted Reply-Message). A
 * {@code directory} replaces the project's directory settings as a whole; {@code removeDirectory:
 * true} removes them.
 */
public record ProjectRequest(
        String clientId,
        String name,
        Boolean enabled,
        Integer otpLength,
        Integer otpLifetimeSeconds,
        Set<VerificationMethod> verificationMethods,
        List<String> allowedEmailDomains,
        Boolean browserAllowed,
        Boolean mobileAllowed,
        ReplyMessages replyMessages,
        DirectorySettings directory,
        Boolean removeDirectory) {

    /** The settings that result from applying this request to {@code current}. */
    ProjectSettings applyTo(ProjectSettings current) {
        return new ProjectSettings(
                name != null ? name.strip() : current.name(),
                Objects.requireNonNullElse(enabled, current.enabled()),
                Objects.requireNonNullElse(otpLength, current.otpLength()),
                Objects.requireNonNullElse(otpLifetimeSeconds, current.otpLifetimeSeconds()),
                verificationMethods != null ? verificationMethods : current.verificationMethods(),
                allowedEmailDomains != null
                        ? ProjectSettingsRules.normaliseDomains(allowedEmailDomains)
                        : current.allowedEmailDomains(),
                Objects.requireNonNullElse(browserAllowed, current.browserAllowed()),
                Objects.requireNonNullElse(mobileAllowed, current.mobileAllowed()),
                current.replyMessages().overriddenBy(replyMessages),
                Boolean.TRUE.equals(removeDirectory) ? null : directory != null ? directory : current.directory());
    }
}
