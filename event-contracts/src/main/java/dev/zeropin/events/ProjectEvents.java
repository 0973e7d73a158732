package dev.zeropin.events;

import java.util.List;
import java.util.Set;

/** Records published on {@value Topics#PROJECT_EVENTS}; the subject is the project's client id. */
public final class ProjectEvents {

    /** How a User ID may be verified during registration. */
    public enum VerificationMethod {
        /** A 6-digit code sent by e-mail and typed by the user. */
        EMAIL_CODE,
        /** A one-time link sent by e-mail. */
        EMAIL_LINK
    }

    /**
     * The settings of a project: everything another service needs to know, nothing secret.
     *
     * @param name display name shown to users
     * @param enabled disabled projects accept no registration, authentication or login
     * @param otpLength number of OTP digits, 6 to 9
     * @param otpLifetimeSeconds how long an OTP stays valid after it is issued
     * @param verificationMethods allowed ways to verify a User ID
     * @param allowedEmailDomains e-mail domains allowed to register; empty means any
     * @param browserAllowed whether users may register and log in from a desktop browser
     * @param mobileAllowed whether users may register and log in from the mobile app
     */
    public record ProjectSettings(
            String name,
            boolean enabled,
            int otpLength,
            int otpLifetimeSeconds,
            Set<VerificationMethod> verificationMethods,
            List<String> allowedEmailDomains,
            boolean browserAllowed,
            boolean mobileAllowed) {

        public ProjectSettings {
            verificationMethods = verificationMethods == null ? Set.of() : Set.copyOf(verificationMethods);
            allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
        }
    }

    /** A project was created. */
    @EventType(value = "project.created", topic = Topics.PROJECT_EVENTS)
    public record ProjectCreated(String clientId, ProjectSettings settings) implements DomainEvent {
        @Override
        public String subject() {
            return clientId;
        }
    }

    /** A project's settings changed; the record carries the complete new settings. */
    @EventType(value = "project.updated", topic = Topics.PROJECT_EVENTS)
    public record ProjectUpdated(String clientId, long revision, ProjectSettings settings) implements DomainEvent {
        @Override
        public String subject() {
            return clientId;
        }
    }

    private ProjectEvents() {}
}
