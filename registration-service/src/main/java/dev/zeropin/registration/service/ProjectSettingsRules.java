package dev.zeropin.registration.service;

import dev.zeropin.directory.DirectorySettingsRules;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.VerificationMethod;
import dev.zeropin.support.problem.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What makes a client id and a set of project settings valid, and what a new project starts with. */
public final class ProjectSettingsRules {

    /** Lowercase letters, digits and inner hyphens, 3 to 40 characters. */
    public static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");

    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    public static final int MIN_OTP_LENGTH = 6;
    public static final int MAX_OTP_LENGTH = 9;
    public static final int MIN_OTP_LIFETIME_SECONDS = 30;
    public static final int MAX_OTP_LIFETIME_SECONDS = 3600;
    public static final int MAX_REPLY_MESSAGE_LENGTH = 200;
    private static final int MAX_REPLY_MESSAGE_OCTETS = 230;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private ProjectSettingsRules() {}

    /**
     * The settings of a new project, for the console and the admin API alike: enabled, 6-digit OTPs
     * valid for 90 s, both e-mail verification methods, any e-mail domain, browser and mobile app,
     * the default Reply-Messages.
     *
     * @param name the project's name (validated by {@link #check})
     */
    public static ProjectSettings defaults(String name) {
        return new ProjectSettings(name, true, 6, 90, EnumSet.allOf(VerificationMethod.class), List.of(), true, true);
    }

    /** Records every rule that {@code settings} breaks. */
    public static void check(ProjectSettings settings, FieldErrors errors) {
        String name = settings.name();
        errors.check(
                name != null && !name.isBlank() && name.strip().length() <= 100, "name", "must be 1 to 100 characters");
        errors.check(
                settings.otpLength() >= MIN_OTP_LENGTH && settings.otpLength() <= MAX_OTP_LENGTH,
                "otpLength",
                "must be between " + MIN_OTP_LENGTH + " and " + MAX_OTP_LENGTH);
        errors.check(
                settings.otpLifetimeSeconds() >= MIN_OTP_LIFETIME_SECONDS
                        && settings.otpLifetimeSeconds() <= MAX_OTP_LIFETIME_SECONDS,
                "otpLifetimeSeconds",
                "must be between " + MIN_OTP_LIFETIME_SECONDS + " and " + MAX_OTP_LIFETIME_SECONDS);
        errors.check(
                !settings.verificationMethods().isEmpty(),
                "verificationMethods",
                "must allow at least one of EMAIL_CODE, EMAIL_LINK");
        errors.check(
                settings.browserAllowed() || settings.mobileAllowed(),
                "browserAllowed",
                "a project must allow the browser, the mobile app or both");
        checkReplyMessage(settings.replyMessages().accept(), "replyMessages.accept", true, errors);
        checkReplyMessage(settings.replyMessages().reject(), "replyMessages.reject", false, errors);
        checkReplyMessage(settings.replyMessages().locked(), "replyMessages.locked", false, errors);
        if (settings.directory() != null) {
            DirectorySettingsRules.problems(settings.directory())
                    .forEach((field, message) -> errors.check(false, "directory." + field, message));
        }
        for (int i = 0; i < settings.allowedEmailDomains().size(); i++) {
            String domain = settings.allowedEmailDomains().get(i);
            errors.check(
                    domain != null && DOMAIN.matcher(domain).matches(),
                    "allowedEmailDomains[" + i + "]",
                    "must be a domain name such as example.com");
        }
    }

    /**
     * A Reply-Message must fit one RADIUS attribute (253 octets, with room for the seconds of the
     * locked message) and be printable text: no control characters a NAS might log or show raw.
     */
    private static void checkReplyMessage(String message, String field, boolean mayBeEmpty, FieldErrors errors) {
        boolean fits = message.length() <= MAX_REPLY_MESSAGE_LENGTH
                && message.getBytes(StandardCharsets.UTF_8).length <= MAX_REPLY_MESSAGE_OCTETS;
        errors.check(
                fits
                        && (mayBeEmpty || !message.isBlank())
                        && !CONTROL.matcher(message).find(),
                field,
                mayBeEmpty
                        ? "must be at most " + MAX_REPLY_MESSAGE_LENGTH + " printable characters (empty for none)"
                        : "must be 1 to " + MAX_REPLY_MESSAGE_LENGTH + " printable characters");
    }

    /** A domain as it is stored and compared: trimmed, lower case. */
    public static String normaliseDomain(String domain) {
        return domain == null ? null : domain.strip().toLowerCase(Locale.ROOT);
    }

    /** Allowed e-mail domains as they are stored: each normalised, each once, in their order. */
    public static List<String> normaliseDomains(Collection<String> domains) {
        return domains.stream()
                .map(ProjectSettingsRules::normaliseDomain)
                .distinct()
                .toList();
    }
}
