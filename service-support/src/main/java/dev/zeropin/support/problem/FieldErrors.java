package dev.zeropin.support.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with the fields of a request body, then fails once with all of them:
 * a 400 {@code validation_failed} problem whose {@code errors} member lists each field.
 */
public final class FieldErrors {

    /** One invalid field: its JSON name and what is wrong, in words. */
    @RegisterForReflection
    public record FieldError(String field, String message) {}

    private final List<FieldError> errors = new ArrayList<>();

    /** Records an error when {@code valid} is false; returns {@code valid}. */
    public boolean check(boolean valid, String field, String message) {
        if (!valid) {
            errors.add(new FieldError(field, message));
        }
        return valid;
    }

    /** Records an error unconditionally. */
    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** The errors recorded so far. */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws a {@code validation_failed} problem if any error was recorded. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw validationFailed(errors);
        }
    }

    /** The problem for a list of field errors. */
    public static ProblemException validationFailed(List<FieldError> errors) {
        return new ProblemException(Problem.of(400, "validation_failed", "Invalid request")
                .withDetail("Some fields are missing or invalid.")
                .with("errors", List.copyOf(errors)));
    }
}
