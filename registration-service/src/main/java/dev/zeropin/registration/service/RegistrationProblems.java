package dev.zeropin.registration.service;

import dev.zeropin.directory.DirectoryProblem;
import dev.zeropin.support.problem.Problem;
import dev.zeropin.support.problem.ProblemException;

/** The problems of projects, registration and identity issuance, with their stable codes. */
final class RegistrationProblems {

    private RegistrationProblems() {}

    /** 404 {@code project_not_found}: the public API, the admin API and the console all answer so. */
    static ProblemException projectNotFound(String clientId) {
        return ProblemException.notFound("project_not_found", "There is no project " + clientId + ".");
    }

    /** 404 {@code project_not_found} without the client id: no hint whether an unmanaged project exists. */
    static ProblemException projectNotFound() {
        return ProblemException.notFound("project_not_found", "There is no such project.");
    }

    static ProblemException projectDisabled() {
        return new ProblemException(Problem.of(403, "project_disabled", "Forbidden")
                .withDetail("This project does not accept registrations at the moment."));
    }

    static ProblemException channelNotAllowed(String channel) {
        return new ProblemException(Problem.of(403, "channel_not_allowed", "Forbidden")
                .withDetail("This project does not allow " + channel + "."));
    }

    static ProblemException domainNotAllowed(String domain) {
        return new ProblemException(Problem.of(403, "domain_not_allowed", "Forbidden")
                .withDetail("User IDs of " + domain + " cannot register for this project."));
    }

    /**
     * 403 {@code user_id_not_allowed}: the project's directory does not admit the User ID. The same
     * answer whether the User ID is unknown, disabled, outside the required groups, or the directory
     * could not be asked, so that registration cannot be used to explore the directory; the audit
     * trail tells the administrator which.
     */
    static ProblemException userIdNotAllowed() {
        return new ProblemException(Problem.of(403, "user_id_not_allowed", "Forbidden")
                .withDetail("This User ID cannot register for this project. Ask your administrator."));
    }

    /** 409 {@code directory_not_configured}: a directory test on a project without a directory. */
    static ProblemException directoryNotConfigured() {
        return ProblemException.conflict("directory_not_configured", "This project has no directory.");
    }

    /** 502 with the directory problem's own code, e.g. {@code directory_bind_failed}. */
    static ProblemException directoryFailed(DirectoryProblem problem) {
        return new ProblemException(
                Problem.of(502, problem.code(), "Bad gateway").withDetail(problem.message()));
    }

    static ProblemException registrationNotFound() {
        return ProblemException.notFound("registration_not_found", "There is no such registration.");
    }

    static ProblemException registrationExpired() {
        return new ProblemException(Problem.of(410, "registration_expired", "Gone")
                .withDetail("The verification code and link have expired; register again."));
    }

    static ProblemException registrationVoid() {
        return new ProblemException(
                Problem.of(410, "registration_void", "Gone").withDetail("Too many wrong codes; register again."));
    }

    static ProblemException alreadyVerified() {
        return ProblemException.conflict("already_verified", "This registration was verified already.");
    }

    static ProblemException wrongCode(int attemptsLeft) {
        return new ProblemException(Problem.of(400, "wrong_code", "Bad request")
                .withDetail("The code is not right.")
                .with("attemptsLeft", attemptsLeft));
    }

    static ProblemException tooManyWrongCodes() {
        return ProblemException.tooManyRequests(
                "too_many_wrong_codes",
                "Too many wrong codes for this User ID today; open the link in the e-mail instead, or try again"
                        + " tomorrow.",
                86400);
    }

    static ProblemException wrongLink() {
        return new ProblemException(
                Problem.of(400, "wrong_link", "Bad request").withDetail("This verification link is not valid."));
    }

    static ProblemException methodNotAllowed(String method) {
        return new ProblemException(Problem.of(400, "verification_method_not_allowed", "Bad request")
                .withDetail("This project does not allow verification by " + method + "."));
    }

    static ProblemException invalidActivationToken() {
        return new ProblemException(Problem.of(401, "invalid_activation_token", "Unauthorized")
                .withDetail("The activation token is not valid, has expired or was used already; register again."));
    }
}
