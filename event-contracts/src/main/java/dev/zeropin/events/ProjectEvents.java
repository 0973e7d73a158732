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
     * @param directory the company directory that admits users; null when the project has none
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
            ReplyMessages replyMessages,
            DirectorySettings directory) {

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
                    null,
                    null);
        }

        /** Settings without a directory. */
        public ProjectSettings(
                String name,
                boolean enabled,
                int otpLength,
                int otpLifetimeSeconds,
                Set<VerificationMethod> verificationMethods,
                List<String> allowedEmailDomains,
                boolean browserAllowed,
                boolean mobileAllowed,
                ReplyMessages replyMessages) {
            this(
                    name,
                    enabled,
                    otpLength,
                    otpLifetimeSeconds,
                    verificationMethods,
                    allowedEmailDomains,
                    browserAllowed,
                    mobileAllowed,
                    replyMessages,
                    null);
        }

        /** These settings with {@code directory} in place of the own (null: no directory). */
        public ProjectSettings withDirectory(DirectorySettings directory) {
            return new ProjectSettings(
                    name,
                    enabled,
                    otpLength,
                    otpLifetimeSeconds,
                    verificationMethods,
                    allowedEmailDomains,
                    browserAllowed,
                    mobileAllowed,
                    replyMessages,
                    directory);
        }
    }

    /** How membership of a required group is checked. */
    public enum GroupCheck {
        /**
         * Active Directory, nested groups included: the matching rule {@code
         * 1.2.840.113556.1.4.1941} (LDAP_MATCHING_RULE_IN_CHAIN) on {@code memberOf}.
         */
        IN_CHAIN,
        /** The user entry's {@code memberOf} values (AD without nesting, OpenLDAP's memberof overlay). */
        MEMBER_OF,
        /** The group entry's {@code member} or {@code uniqueMember} values (OpenLDAP without overlay). */
        GROUP_MEMBER
    }

    /** How a disabled account is recognised. */
    public enum DisabledCheck {
        /** Not checked. */
        NONE,
        /** Active Directory: bit 2 (ACCOUNTDISABLE) of {@code userAccountControl}. */
        AD_USER_ACCOUNT_CONTROL,
        /**
         * A configured attribute: the account is disabled when the attribute holds the configured
         * value (compared ignoring case), or, without a value, when it is present at all.
         */
        ATTRIBUTE
    }

    /** What happens when the directory cannot be asked (down, timed out, refused the bind). */
    public enum UnreachablePolicy {
        /** Refuse: no registration, no OTP, no RADIUS accept. */
        FAIL_CLOSED,
        /** Use the last answer for the user, if it is at most {@code staleMinutes} old; else refuse. */
        USE_CACHE
    }

    /**
     * Where a project's users are looked up and what admits them. Nothing secret: the bind
     * password and the CA certificate are files on the services' hosts, named by path.
     *
     * @param url {@code ldap://host[:port]} or {@code ldaps://host[:port]}
     * @param startTls upgrade an {@code ldap://} connection with StartTLS
     * @param caFile PEM file of the CA certificate(s) that the directory's certificate must chain
     *     to; null for the JVM's default trust store
     * @param bindDn the DN to bind as; null binds anonymously
     * @param bindPasswordFile the file that holds the bind password (its trailing line break is
     *     ignored); required with a bind DN
     * @param baseDn where users are searched (subtree)
     * @param userIdAttribute the attribute that holds the User ID: {@code mail} or {@code
     *     userPrincipalName}
     * @param userFilter an extra filter every user entry must match, e.g. {@code
     *     (objectClass=user)}
     * @param requiredGroups DNs of groups; when not empty, a user must be in one of them
     * @param groupCheck how membership is checked
     * @param disabledCheck how a disabled account is recognised
     * @param disabledAttribute the attribute of {@link DisabledCheck#ATTRIBUTE}
     * @param disabledValue the value of {@link DisabledCheck#ATTRIBUTE}; empty: present means disabled
     * @param timeoutMillis connect and response timeout of each directory operation
     * @param cacheSeconds how long an answer about a user is reused at login time
     * @param unreachablePolicy what an unreachable directory means
     * @param staleMinutes with {@link UnreachablePolicy#USE_CACHE}: the oldest answer still used
     */
    public record DirectorySettings(
            String url,
            boolean startTls,
            String caFile,
            String bindDn,
            String bindPasswordFile,
            String baseDn,
            String userIdAttribute,
            String userFilter,
            List<String> requiredGroups,
            GroupCheck groupCheck,
            DisabledCheck disabledCheck,
            String disabledAttribute,
            String disabledValue,
            Integer timeoutMillis,
            Integer cacheSeconds,
            UnreachablePolicy unreachablePolicy,
            Integer staleMinutes) {

        /** Default connect and response timeout. */
        public static final int DEFAULT_TIMEOUT_MILLIS = 5000;

        /** Default reuse of an answer at login time. */
        public static final int DEFAULT_CACHE_SECONDS = 60;

        /** Default oldest answer used while the directory is unreachable ({@link UnreachablePolicy#USE_CACHE}). */
        public static final int DEFAULT_STALE_MINUTES = 15;

        public DirectorySettings {
            caFile = blankToNull(caFile);
            bindDn = blankToNull(bindDn);
            bindPasswordFile = blankToNull(bindPasswordFile);
            userIdAttribute = userIdAttribute == null || userIdAttribute.isBlank() ? "mail" : userIdAttribute.strip();
            userFilter = blankToNull(userFilter);
            requiredGroups = requiredGroups == null
                    ? List.of()
                    : requiredGroups.stream()
                            .filter(group -> group != null && !group.isBlank())
                            .map(String::strip)
                            .toList();
            groupCheck = groupCheck == null ? GroupCheck.MEMBER_OF : groupCheck;
            disabledCheck = disabledCheck == null ? DisabledCheck.NONE : disabledCheck;
            disabledAttribute = blankToNull(disabledAttribute);
            disabledValue = disabledValue == null ? "" : disabledValue.strip();
            timeoutMillis = timeoutMillis == null ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
            cacheSeconds = cacheSeconds == null ? DEFAULT_CACHE_SECONDS : cacheSeconds;
            unreachablePolicy = unreachablePolicy == null ? UnreachablePolicy.FAIL_CLOSED : unreachablePolicy;
            staleMinutes = staleMinutes == null ? DEFAULT_STALE_MINUTES : staleMinutes;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
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
