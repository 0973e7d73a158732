package dev.zeropin.events;

import java.util.List;
import java.util.Set;

/** Records published on {@value Topics#PROJECT_EVENTS}; the subject is the project's client id. */
public final class ProjectEvents {

    /** How a User ID may be verified during registration. */
    public enum VerificationMethod {
        /** An 8-digit code sent by e-mail and typed by the user. */
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
     * @param replyMessages the RADIUS Reply-Message wording; never null (defaults fill gaps)
     */
    public record ProjectSettings(
            String name,
            boolean enabled,
            int otpLength,
            int otpLifetimeSeconds,
            Set<VerificationMethod> verificationMethods,
            List<String> allowedEmailDomains,
            boolean browserAllowed,
            boolean mobileAllowed,
            ReplyMessages replyMessages) {

        public ProjectSettings {
            verificationMethods = verificationMethods == null ? Set.of() : Set.copyOf(verificationMethods);
            allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
            replyMessages = ReplyMessages.DEFAULTS.overriddenBy(replyMessages);
        }

        /** Settings with the default Reply-Message wording. */
        public ProjectSettings(
                String name,
                boolean enabled,
                int otpLength,
                int otpLifetimeSeconds,
                Set<VerificationMethod> verificationMethods,
                List<String> allowedEmailDomains,
                boolean browserAllowed,
                boolean mobileAllowed) {
            this(
                    name,
                    enabled,
                    otpLength,
                    otpLifetimeSeconds,
                    verificationMethods,
                    allowedEmailDomains,
                    browserAllowed,
                    mobileAllowed,
                    null);
        }
    }

    /**
     * What the VPN user reads: the RADIUS {@code Reply-Message} of a project's answers. Many VPN
     * clients show it verbatim, so administrators word it for their users (and language).
     *
     * @param accept sent with Access-Accept; empty means no Reply-Message
     * @param reject sent with Access-Reject for a wrong, used or expired OTP (and any other refusal,
     *     so that the answer does not tell an attacker which)
     * @param locked sent with Access-Reject while the user is backed off after failures; {@value
     *     #SECONDS} is replaced by the seconds to wait
     */
    public record ReplyMessages(String accept, String reject, String locked) {

        /** The placeholder for the wait in {@link #locked()}. */
        public static final String SECONDS = "{seconds}";

        /** The wording of a new project. */
        public static final ReplyMessages DEFAULTS = new ReplyMessages(
                "Login accepted",
                "Login refused: the one-time password is wrong, used or expired",
                "Too many attempts, try again in " + SECONDS + " s");

        /** These messages with every non-null field of {@code other} in place of the own. */
        public ReplyMessages overriddenBy(ReplyMessages other) {
            if (other == null) {
                return this;
            }
            return new ReplyMessages(
                    other.accept != null ? other.accept : accept,
                    other.reject != null ? other.reject : reject,
                    other.locked != null ? other.locked : locked);
        }

        /** The locked message for a wait of {@code seconds}. */
        public String lockedFor(long seconds) {
            return locked.replace(SECONDS, Long.toString(seconds));
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
