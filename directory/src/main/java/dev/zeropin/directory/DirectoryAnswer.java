package dev.zeropin.directory;

import java.util.List;

/**
 * What the directory said about a User ID.
 *
 * @param outcome the verdict
 * @param entryDn the user's entry, when exactly one was found
 * @param groups the required groups the user is in (empty when none are required)
 * @param problem why the directory could not be asked; only with {@link Outcome#ERROR}
 */
public record DirectoryAnswer(Outcome outcome, String entryDn, List<String> groups, DirectoryProblem problem) {

    public DirectoryAnswer {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** The verdict about a User ID. */
    public enum Outcome {
        /** Found once, enabled, in a required group (or none is required). */
        ALLOWED("allowed"),
        /** No entry matches the User ID. */
        UNKNOWN("not found in the directory"),
        /** More than one entry matches the User ID: none is chosen. */
        AMBIGUOUS("more than one directory entry matches"),
        /** The account is disabled in the directory. */
        DISABLED("disabled in the directory"),
        /** The account is in none of the required groups. */
        NOT_IN_GROUP("not in a required directory group"),
        /** The directory could not be asked: see {@link DirectoryAnswer#problem()}. */
        ERROR("directory error");

        private final String reason;

        Outcome(String reason) {
            this.reason = reason;
        }

        /** The reason as the audit trail shows it to an administrator. */
        public String reason() {
            return reason;
        }
    }

    /** Whether the user may register or get an OTP. */
    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    /** The reason for the audit trail: the outcome, with the problem's code and message on an error. */
    public String reason() {
        return problem == null ? outcome.reason() : problem.code() + ": " + problem.message();
    }

    static DirectoryAnswer of(Outcome outcome, String entryDn) {
        return new DirectoryAnswer(outcome, entryDn, List.of(), null);
    }

    static DirectoryAnswer error(DirectoryProblem problem) {
        return new DirectoryAnswer(Outcome.ERROR, null, List.of(), problem);
    }
}
