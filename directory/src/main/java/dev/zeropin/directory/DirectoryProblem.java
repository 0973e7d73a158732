package dev.zeropin.directory;

/**
 * Why the directory could not be asked, for an administrator: a stable snake_case code and a
 * message. Never carries the bind password.
 *
 * @param code one of the constants of this record
 * @param message what went wrong, with the directory's own diagnostic where it gave one
 */
public record DirectoryProblem(String code, String message) {

    /** The directory is down, refused the connection, or did not answer within the timeout. */
    public static final String UNREACHABLE = "directory_unreachable";

    /** The directory refused the bind DN or its password. */
    public static final String BIND_FAILED = "directory_bind_failed";

    /** TLS failed: the certificate is not trusted, does not name the host, or StartTLS was refused. */
    public static final String TLS_FAILED = "directory_tls_failed";

    /** The bind password file or the CA file cannot be read. */
    public static final String SECRET_UNREADABLE = "directory_secret_unreadable";

    /** The directory answered a search with an error (e.g. a wrong base DN or filter). */
    public static final String SEARCH_FAILED = "directory_search_failed";

    /** Whether the problem means the directory could not be reached (the unreachable policy applies). */
    public boolean unreachable() {
        return UNREACHABLE.equals(code);
    }
}
