package dev.zeropin.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What makes a project's directory settings valid; checked when they are saved. */
public final class DirectorySettingsRules {

    /** The attributes a User ID may be mapped to. */
    public static final List<String> USER_ID_ATTRIBUTES = List.of("mail", "userPrincipalName");

    public static final int MIN_TIMEOUT_MILLIS = 100;
    public static final int MAX_TIMEOUT_MILLIS = 60_000;
    public static final int MAX_CACHE_SECONDS = 3600;
    public static final int MAX_STALE_MINUTES = 24 * 60;
    public static final int MAX_GROUPS = 20;

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[^\\p{Cntrl}]{1,1023}");

    private DirectorySettingsRules() {}

    /**
     * The rules {@code settings} breaks, field (relative to the directory settings, e.g. {@code
     * url}, {@code requiredGroups[1]}) to message, in field order; empty when valid.
     */
    public static Map<String, String> problems(DirectorySettings settings) {
        Map<String, String> problems = new LinkedHashMap<>();
        LDAPURL url = null;
        try {
            url = settings.url() == null ? null : new LDAPURL(settings.url());
        } catch (LDAPException e) {
            url = null;
        }
        boolean schemeOk = url != null
                && ("ldap".equalsIgnoreCase(url.getScheme()) || "ldaps".equalsIgnoreCase(url.getScheme()))
                && url.hostProvided();
        if (!schemeOk) {
            problems.put("url", "must be ldap://host[:port] or ldaps://host[:port]");
        } else if (settings.startTls() && "ldaps".equalsIgnoreCase(url.getScheme())) {
            problems.put("startTls", "StartTLS upgrades an ldap:// connection; ldaps:// is TLS already");
        }
        if (settings.caFile() != null
                && !ABSOLUTE_PATH.matcher(settings.caFile()).matches()) {
            problems.put("caFile", "must be an absolute path");
        }
        if (settings.bindDn() != null && !DN.isValidDN(settings.bindDn())) {
            problems.put("bindDn", "must be a DN such as cn=zeropin,ou=services,dc=example,dc=com");
        }
        if (settings.bindDn() != null && settings.bindPasswordFile() == null) {
            problems.put("bindPasswordFile", "is required with a bind DN");
        } else if (settings.bindPasswordFile() != null
                && !ABSOLUTE_PATH.matcher(settings.bindPasswordFile()).matches()) {
            problems.put("bindPasswordFile", "must be an absolute path");
        }
        if (settings.baseDn() == null || settings.baseDn().isBlank() || !DN.isValidDN(settings.baseDn())) {
            problems.put("baseDn", "must be a DN such as ou=people,dc=example,dc=com");
        }
        if (!USER_ID_ATTRIBUTES.contains(settings.userIdAttribute())) {
            problems.put("userIdAttribute", "must be mail or userPrincipalName");
        }
        if (settings.userFilter() != null) {
            try {
                Filter.create(settings.userFilter());
            } catch (LDAPException e) {
                problems.put("userFilter", "must be an LDAP filter such as (objectClass=person)");
            }
        }
        if (settings.requiredGroups().size() > MAX_GROUPS) {
            problems.put("requiredGroups", "at most " + MAX_GROUPS + " groups");
        }
        for (int i = 0; i < settings.requiredGroups().size(); i++) {
            if (!DN.isValidDN(settings.requiredGroups().get(i))) {
                problems.put(
                        "requiredGroups[" + i + "]",
                        "must be a group DN such as cn=vpn-users,ou=groups,dc=example,dc=com");
            }
        }
        if (settings.disabledCheck() == DisabledCheck.ATTRIBUTE
                && (settings.disabledAttribute() == null
                        || !ATTRIBUTE.matcher(settings.disabledAttribute()).matches())) {
            problems.put("disabledAttribute", "must be an attribute name such as nsAccountLock");
        }
        if (settings.timeoutMillis() < MIN_TIMEOUT_MILLIS || settings.timeoutMillis() > MAX_TIMEOUT_MILLIS) {
            problems.put("timeoutMillis", "must be between " + MIN_TIMEOUT_MILLIS + " and " + MAX_TIMEOUT_MILLIS);
        }
        if (settings.cacheSeconds() < 0 || settings.cacheSeconds() > MAX_CACHE_SECONDS) {
            problems.put("cacheSeconds", "must be between 0 and " + MAX_CACHE_SECONDS);
        }
        if (settings.staleMinutes() < 0 || settings.staleMinutes() > MAX_STALE_MINUTES) {
            problems.put("staleMinutes", "must be between 0 and " + MAX_STALE_MINUTES);
        }
        return problems;
    }
}
