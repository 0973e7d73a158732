package dev.zeropin.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.zeropin.directory.DirectoryAnswer.Outcome;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Asks a project's directory about a User ID: one connection per question (TLS or StartTLS as
 * configured, then a simple bind), a subtree search for exactly one entry, the required groups and
 * the disabled flag. Blocking: callers run it on a worker thread.
 *
 * <p>The User ID reaches the directory only as an assertion value built by {@link
 * Filter#createEqualityFilter}, which escapes it: a User ID such as {@code *)(uid=*} is a literal
 * that matches nobody.
 */
public final class DirectoryClient {

    /** The matching rule of Active Directory's nested group membership (LDAP_MATCHING_RULE_IN_CHAIN). */
    public static final String IN_CHAIN_RULE = "1.2.840.113556.1.4.1941";

    private static final int AD_ACCOUNT_DISABLED = 0x2;

    private DirectoryClient() {}

    /** Looks {@code userId} up and decides whether the directory admits it. Never throws for directory errors. */
    public static DirectoryAnswer checkUser(DirectorySettings settings, String userId) {
        try (LDAPConnection connection = connect(settings)) {
            return checkUser(connection, settings, userId);
        } catch (DirectoryFailure failure) {
            return DirectoryAnswer.error(failure.problem);
        } catch (LDAPException e) {
            return DirectoryAnswer.error(problemOf(e));
        }
    }

    /**
     * Connects and binds only: the console's "test connection".
     *
     * @return null when the directory accepted the bind, else the problem
     */
    public static DirectoryProblem testConnection(DirectorySettings settings) {
        try (LDAPConnection connection = connect(settings)) {
            return null;
        } catch (DirectoryFailure failure) {
            return failure.problem;
        }
    }

    private static DirectoryAnswer checkUser(LDAPConnection connection, DirectorySettings settings, String userId)
            throws LDAPException {
        Filter byUserId = Filter.createEqualityFilter(settings.userIdAttribute(), userId);
        Filter filter = settings.userFilter() == null
                ? byUserId
                : Filter.createANDFilter(Filter.create(settings.userFilter()), byUserId);
        List<String> attributes = new ArrayList<>(List.of("memberOf", "userAccountControl"));
        if (settings.disabledAttribute() != null) {
            attributes.add(settings.disabledAttribute());
        }
        SearchRequest search =
                new SearchRequest(settings.baseDn(), SearchScope.SUB, filter, attributes.toArray(String[]::new));
        search.setSizeLimit(2);
        search.setTimeLimitSeconds(Math.max(1, settings.timeoutMillis() / 1000));
        SearchResult result;
        try {
            result = connection.search(search);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return DirectoryAnswer.of(Outcome.AMBIGUOUS, null);
            }
            throw e;
        }
        List<SearchResultEntry> entries = result.getSearchEntries();
        if (entries.isEmpty()) {
            return DirectoryAnswer.of(Outcome.UNKNOWN, null);
        }
        if (entries.size() > 1) {
            return DirectoryAnswer.of(Outcome.AMBIGUOUS, null);
        }
        SearchResultEntry entry = entries.get(0);
        if (disabled(entry, settings)) {
            return DirectoryAnswer.of(Outcome.DISABLED, entry.getDN());
        }
        if (settings.requiredGroups().isEmpty()) {
            return DirectoryAnswer.of(Outcome.ALLOWED, entry.getDN());
        }
        List<String> groups = new ArrayList<>();
        for (String group : settings.requiredGroups()) {
            if (isMember(connection, settings.groupCheck(), entry, group)) {
                groups.add(group);
            }
        }
        if (groups.isEmpty()) {
            return DirectoryAnswer.of(Outcome.NOT_IN_GROUP, entry.getDN());
        }
        return new DirectoryAnswer(Outcome.ALLOWED, entry.getDN(), groups, null);
    }

    private static boolean disabled(SearchResultEntry entry, DirectorySettings settings) {
        if (settings.disabledCheck() == DisabledCheck.AD_USER_ACCOUNT_CONTROL) {
            Integer control = entry.getAttributeValueAsInteger("userAccountControl");
            return control != null && (control & AD_ACCOUNT_DISABLED) != 0;
        }
        if (settings.disabledCheck() == DisabledCheck.ATTRIBUTE) {
            Attribute attribute = entry.getAttribute(settings.disabledAttribute());
            if (attribute == null) {
                return false;
            }
            if (settings.disabledValue().isEmpty()) {
                return true;
            }
            return Arrays.stream(attribute.getValues())
                    .anyMatch(value -> value.equalsIgnoreCase(settings.disabledValue()));
        }
        return false;
    }

    private static boolean isMember(LDAPConnection connection, GroupCheck check, SearchResultEntry entry, String group)
            throws LDAPException {
        switch (check) {
            case IN_CHAIN -> {
                Filter nested = Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN_RULE, false, group);
                return connection.searchForEntry(entry.getDN(), SearchScope.BASE, nested, "1.1") != null;
            }
            case MEMBER_OF -> {
                String[] values = entry.getAttributeValues("memberOf");
                if (values == null) {
                    return false;
                }
                DN wanted = new DN(group);
                for (String value : values) {
                    if (DN.isValidDN(value) && new DN(value).equals(wanted)) {
                        return true;
                    }
                }
                return false;
            }
            case GROUP_MEMBER -> {
                Filter member = Filter.createORFilter(
                        Filter.createEqualityFilter("member", entry.getDN()),
                        Filter.createEqualityFilter("uniqueMember", entry.getDN()));
                try {
                    return connection.searchForEntry(group, SearchScope.BASE, member, "1.1") != null;
                } catch (LDAPSearchException e) {
                    if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                        return false;
                    }
                    throw e;
                }
            }
            default -> throw new IllegalStateException("unknown group check " + check);
        }
    }

    private static LDAPConnection connect(DirectorySettings settings) throws DirectoryFailure {
        LDAPURL url;
        try {
            url = new LDAPURL(settings.url());
        } catch (LDAPException e) {
            throw new DirectoryFailure(DirectoryProblem.SEARCH_FAILED, "the directory URL is not an LDAP URL");
        }
        boolean ldaps = "ldaps".equalsIgnoreCase(url.getScheme());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(settings.timeoutMillis());
        options.setResponseTimeoutMillis(settings.timeoutMillis());
        options.setAbandonOnTimeout(true);
        options.setFollowReferrals(false);
        SSLUtil ssl = ldaps || settings.startTls() ? ssl(settings) : null;
        if (ssl != null) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        LDAPConnection connection = null;
        try {
            connection = ldaps
                    ? new LDAPConnection(ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort())
                    : new LDAPConnection(options, url.getHost(), url.getPort());
            if (!ldaps && settings.startTls()) {
                SSLContext context = ssl.createSSLContext();
                ExtendedResult started = connection.processExtendedOperation(new StartTLSExtendedRequest(context));
                if (started.getResultCode() != ResultCode.SUCCESS) {
                    throw new DirectoryFailure(
                            DirectoryProblem.TLS_FAILED,
                            "the directory refused StartTLS ("
                                    + started.getResultCode().getName() + ")");
                }
            }
            if (settings.bindDn() != null) {
                connection.bind(bindRequest(settings));
            }
            LDAPConnection bound = connection;
            connection = null;
            return bound;
        } catch (LDAPException e) {
            throw new DirectoryFailure(problemOf(e));
        } catch (GeneralSecurityException e) {
            throw new DirectoryFailure(DirectoryProblem.TLS_FAILED, "TLS cannot be set up: " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static BindRequest bindRequest(DirectorySettings settings) throws DirectoryFailure {
        if (settings.bindPasswordFile() == null) {
            throw new DirectoryFailure(DirectoryProblem.SECRET_UNREADABLE, "a bind DN needs a bind password file");
        }
        byte[] password;
        try {
            password = stripLineBreak(Files.readAllBytes(Path.of(settings.bindPasswordFile())));
        } catch (IOException e) {
            throw new DirectoryFailure(
                    DirectoryProblem.SECRET_UNREADABLE,
                    "the bind password file " + settings.bindPasswordFile() + " cannot be read");
        }
        if (password.length == 0) {
            throw new DirectoryFailure(
                    DirectoryProblem.SECRET_UNREADABLE,
                    "the bind password file " + settings.bindPasswordFile() + " is empty");
        }
        return new SimpleBindRequest(settings.bindDn(), password);
    }

    private static byte[] stripLineBreak(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }

    private static SSLUtil ssl(DirectorySettings settings) throws DirectoryFailure {
        TrustManager trust;
        if (settings.caFile() == null) {
            trust = JVMDefaultTrustManager.getInstance();
        } else {
            File caFile = new File(settings.caFile());
            if (!caFile.canRead()) {
                throw new DirectoryFailure(
                        DirectoryProblem.SECRET_UNREADABLE, "the CA file " + settings.caFile() + " cannot be read");
            }
            try {
                trust = new PEMFileTrustManager(caFile);
            } catch (KeyStoreException | IllegalArgumentException e) {
                throw new DirectoryFailure(
                        DirectoryProblem.TLS_FAILED, "the CA file " + settings.caFile() + " holds no PEM certificate");
            }
        }
        return new SSLUtil(trust);
    }

    private static DirectoryProblem problemOf(LDAPException e) {
        ResultCode code = e.getResultCode();
        String diagnostic = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getExceptionMessage();
        if (code == ResultCode.INVALID_CREDENTIALS) {
            return new DirectoryProblem(
                    DirectoryProblem.BIND_FAILED,
                    "the directory refused the bind DN or its password (invalid credentials)");
        }
        if (code == ResultCode.CONNECT_ERROR
                || code == ResultCode.SERVER_DOWN
                || code == ResultCode.TIMEOUT
                || code == ResultCode.UNAVAILABLE
                || code == ResultCode.BUSY) {
            if (looksLikeTls(e)) {
                return new DirectoryProblem(DirectoryProblem.TLS_FAILED, "TLS failed: " + diagnostic);
            }
            return new DirectoryProblem(
                    DirectoryProblem.UNREACHABLE,
                    "the directory cannot be reached (" + code.getName() + "): " + diagnostic);
        }
        return new DirectoryProblem(
                DirectoryProblem.SEARCH_FAILED,
                "the directory answered " + code.getName().toLowerCase(Locale.ROOT)
                        + (e.getDiagnosticMessage() != null ? ": " + e.getDiagnosticMessage() : ""));
    }

    private static boolean looksLikeTls(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException
                    || cause instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** A problem found while connecting, carried out of the connection code. */
    private static final class DirectoryFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient DirectoryProblem problem;

        DirectoryFailure(DirectoryProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }

        DirectoryFailure(String code, String message) {
            this(new DirectoryProblem(code, message));
        }
    }
}
