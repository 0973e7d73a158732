package dev.zeropin.registration.service;

import dev.zeropin.events.ProjectEvents.ProjectCreated;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ProjectUpdated;
import dev.zeropin.outbox.OutboxWriter;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.repository.ProjectRepository;
import dev.zeropin.support.problem.FieldErrors;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/** Creates and changes projects; every change is published as a {@code project-events} record. */
@ApplicationScoped
public class ProjectService {

    private final ProjectRepository projects;
    private final OutboxWriter outbox;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, OutboxWriter outbox, Clock clock) {
        this.projects = projects;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Creates a project; 409 {@code project_exists} when the client id is taken. */
    @WithTransaction
    public Uni<Project> createProject(String clientId, ProjectSettings settings) {
        FieldErrors errors = new FieldErrors();
        errors.check(
                clientId != null
                        && ProjectSettingsRules.CLIENT_ID.matcher(clientId).matches(),
                "clientId",
                "must be 3 to 40 lowercase letters, digits or inner hyphens");
        ProjectSettingsRules.check(settings, errors);
        errors.throwIfAny();
        return projects.findById(clientId)
                .onItem()
                .ifNotNull()
                .failWith(() -> projectExists(clientId))
                .chain(() -> {
                    Project project = new Project();
                    project.clientId = clientId;
                    project.apply(settings);
                    project.createdAt = Instant.now(clock);
                    project.updatedAt = project.createdAt;
                    return projects.persistAndFlush(project);
                })
                .onFailure(org.hibernate.exception.ConstraintViolationException.class)
                .transform(failure -> projectExists(clientId))
                .call(project -> outbox.stage(new ProjectCreated(project.clientId, project.settings())))
                .invoke(project -> Log.infof("project %s created", project.clientId));
    }

    /**
     * Changes the settings of a project: {@code change} receives the current settings and returns
     * the new ones. 404 {@code project_not_found} when it does not exist.
     */
    @WithTransaction
    public Uni<Project> updateProject(String clientId, UnaryOperator<ProjectSettings> change) {
        return requireProject(clientId).chain(project -> {
            ProjectSettings settings = change.apply(project.settings());
            FieldErrors errors = new FieldErrors();
            ProjectSettingsRules.check(settings, errors);
            errors.throwIfAny();
            project.apply(settings);
            project.updatedAt = Instant.now(clock);
            return projects.flush()
                    .replaceWith(project)
                    .call(updated ->
                            outbox.stage(new ProjectUpdated(updated.clientId, updated.revision, updated.settings())))
                    .invoke(updated -> Log.infof("project %s updated to revision %d", clientId, updated.revision));
        });
    }

    /** One project; 404 {@code project_not_found} when it does not exist. */
    @WithSession
    public Uni<Project> getProject(String clientId) {
        return requireProject(clientId);
    }

    /** Every project. */
    @WithSession
    public Uni<List<Project>> listProjects() {
        return projects.listProjects();
    }

    private Uni<Project> requireProject(String clientId) {
        return projects.findById(clientId)
                .onItem()
                .ifNull()
                .failWith(() -> RegistrationProblems.projectNotFound(clientId));
    }

    private static ProblemException projectExists(String clientId) {
        return ProblemException.conflict("project_exists", "A project with client id " + clientId + " exists already.");
    }
}
