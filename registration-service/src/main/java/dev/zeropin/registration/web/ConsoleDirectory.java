package dev.zeropin.registration.web;

import dev.zeropin.directory.DirectoryAnswer;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.events.ProjectEvents.UnreachablePolicy;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The console's view of a project's directory: the form's values and a test's result. */
final class ConsoleDirectory {

    private ConsoleDirectory() {}

    /** The directory part of the settings form, every value as text (defaults when there is none). */
    record Form(
            boolean enabled,
            String url,
            boolean startTls,
            String caFile,
            String bindDn,
            String bindPasswordFile,
            String baseDn,
            String userIdAttribute,
            String userFilter,
            String requiredGroups,
            String groupCheck,
            String disabledCheck,
            String disabledAttribute,
            String disabledValue,
            int timeoutMillis,
            int cacheSeconds,
            String unreachablePolicy,
            int staleMinutes) {

        static Form of(DirectorySettings settings) {
            boolean enabled = settings != null;
            DirectorySettings shown = Objects.requireNonNullElseGet(
                    settings,
                    () -> new DirectorySettings(
                            "", false, null, null, null, "", null, null, null, null, null, null, null, null, null, null,
                            null));
            return new Form(
                    enabled,
                    shown.url(),
                    shown.startTls(),
                    text(shown.caFile()),
                    text(shown.bindDn()),
                    text(shown.bindPasswordFile()),
                    shown.baseDn(),
                    shown.userIdAttribute(),
                    text(shown.userFilter()),
                    String.join("\n", shown.requiredGroups()),
                    shown.groupCheck().name(),
                    shown.disabledCheck().name(),
                    text(shown.disabledAttribute()),
                    shown.disabledValue(),
                    shown.timeoutMillis(),
                    shown.cacheSeconds(),
                    shown.unreachablePolicy().name(),
                    shown.staleMinutes());
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }

    /** The directory fields of the settings form as they arrive; null settings when unchecked. */
    static DirectorySettings settings(ConsoleProjectsResource.ProjectForm form, FieldErrors errors) {
        if (!ConsolePages.checked(form.directoryEnabled)) {
            return null;
        }
        int timeout = ConsolePages.number(form.directoryTimeoutMillis, "directory.timeoutMillis", errors);
        int cache = ConsolePages.number(form.directoryCacheSeconds, "directory.cacheSeconds", errors);
        int stale = ConsolePages.number(form.directoryStaleMinutes, "directory.staleMinutes", errors);
        List<String> groups = form.directoryGroups == null
                ? List.of()
                : Arrays.stream(form.directoryGroups.split("\\R"))
                        .map(String::strip)
                        .filter(group -> !group.isEmpty())
                        .toList();
        return new DirectorySettings(
                ConsolePages.strip(form.directoryUrl),
                ConsolePages.checked(form.directoryStartTls),
                ConsolePages.blank(form.directoryCaFile),
                ConsolePages.blank(form.directoryBindDn),
                ConsolePages.blank(form.directoryBindPasswordFile),
                ConsolePages.strip(form.directoryBaseDn),
                ConsolePages.blank(form.directoryUserIdAttribute),
                ConsolePages.blank(form.directoryUserFilter),
                groups,
                choice(GroupCheck.class, form.directoryGroupCheck, "directory.groupCheck", errors),
                choice(DisabledCheck.class, form.directoryDisabledCheck, "directory.disabledCheck", errors),
                ConsolePages.blank(form.directoryDisabledAttribute),
                ConsolePages.blank(form.directoryDisabledValue),
                timeout,
                cache,
                choice(UnreachablePolicy.class, form.directoryUnreachablePolicy, "directory.unreachablePolicy", errors),
                stale);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(field, "is not one of the choices");
            return null;
        }
    }

    /**
     * A test's result for the page.
     *
     * @param ok whether the directory answered (whatever it said about the User ID)
     * @param userId the User ID looked up; null for a connection test
     * @param code the outcome ({@code ALLOWED}, {@code NOT_IN_GROUP}, ...) or the problem's code
     *     ({@code directory_bind_failed}, ...)
     * @param message the outcome or the problem in words
     */
    record Test(boolean ok, String userId, String code, String message, String entryDn, List<String> groups) {

        static Test of(String userId, DirectoryAnswer answer) {
            String message =
                    userId == null ? "connected and bound" : answer.outcome().reason();
            return new Test(true, userId, answer.outcome().name(), message, answer.entryDn(), answer.groups());
        }

        static Test failed(String userId, ProblemException problem) {
            return new Test(
                    false,
                    userId,
                    problem.problem().getCode(),
                    problem.problem().getDetail(),
                    null,
                    List.of());
        }
    }
}
