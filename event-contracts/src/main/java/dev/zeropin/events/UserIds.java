package dev.zeropin.events;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * User IDs are e-mail addresses, compared in one normal form everywhere: trimmed and in lower
 * case (VPN users type them in any case; mail systems treat them alike in practice).
 */
public final class UserIds {

    /** Longest e-mail address (RFC 5321 path limit). */
    public static final int MAX_LENGTH = 254;

    private static final Pattern EMAIL =
            Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private UserIds() {}

    /** The normal form of a User ID, or empty when it is not a plausible e-mail address. */
    public static Optional<String> normalise(String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        String normal = userId.strip().toLowerCase(Locale.ROOT);
        if (normal.isEmpty() || normal.length() > MAX_LENGTH || normal.indexOf('@') > 64) {
            return Optional.empty();
        }
        return EMAIL.matcher(normal).matches() ? Optional.of(normal) : Optional.empty();
    }

    /** The domain of a normalised User ID. */
    public static String domainOf(String normalUserId) {
        return normalUserId.substring(normalUserId.lastIndexOf('@') + 1);
    }
}
