package dev.zeropin.registration.service;

import dev.zeropin.directory.DirectoryAnswer;
import dev.zeropin.directory.DirectoryClient;
import dev.zeropin.directory.DirectoryProblem;
import dev.zeropin.events.IdentityEvents.RevocationReason;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.registration.AdminAuditType;
import dev.zeropin.registration.Identity;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.repository.IdentityRepository;
import dev.zeropin.registration.service.RadiusClientService.ClientSettings;
import dev.zeropin.registration.service.RadiusClientService.ClientWithSecret;
import dev.zeropin.support.concurrent.Offload;
import dev.zeropin.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What an administrator does, through the console or the JSON admin API: the one layer under both
 * front doors. Each change checks the administrator's scope and runs in one transaction with its
 * audit entry (who, what, when, from where, never a secret), so that no change happens without its
 * record and no record exists for a change that did not happen.
 */
@ApplicationScoped
public class AdminOperations {

    private final ProjectService projects;
    private final RadiusClientService radiusClients;
    private final IdentityService identityService;
    private final IdentityManagementService identityManagement;
    private final IdentityRepository identities;
    private final AdminAudit audit;

    public AdminOperations(
            ProjectService projects,
            RadiusClientService radiusClients,
            IdentityService identityService,
            IdentityManagementService identityManagement,
            IdentityRepository identities,
            AdminAudit audit) {
        this.projects = projects;
        this.radiusClients = radiusClients;
        this.identityService = identityService;
        this.identityManagement = identityManagement;
        this.identities = identities;
        this.audit = audit;
    }

    /** The projects an administrator may see: all for global administrators, else their own. */
    @WithSession
    public Uni<List<Project>> visibleProjects(Administrator by) {
        return projects.listProjects()
                .map(all -> all.stream()
                        .filter(project -> by.mayManage(project.clientId))
                        .toList());
    }

    /** One project the administrator may manage; 404 otherwise (no hint that it exists). */
    @WithSession
    public Uni<Project> project(Administrator by, String clientId) {
        requireProject(by, clientId);
        return projects.getProject(clientId);
    }

    @WithTransaction
    public Uni<Project> createProject(Administrator by, String clientId, ProjectSettings settings) {
        ConsoleAccessService.requireGlobal(by);
        return projects.createProject(clientId, settings)
                .call(project ->
                        audit.recordInTransaction(by, AdminAuditType.PROJECT_CREATED, project.clientId, "created"));
    }

    @WithTransaction
    public Uni<Project> updateProject(Administrator by, String clientId, UnaryOperator<ProjectSettings> change) {
        requireProject(by, clientId);
        return projects.updateProject(clientId, change)
                .call(project -> audit.recordInTransaction(
                        by,
                        AdminAuditType.PROJECT_UPDATED,
                        clientId,
                        "revision " + project.revision + (project.enabled ? "" : ", disabled")));
    }

    /**
     * What a project's directory says: with a User ID, the entry found, its required groups and
     * whether it is admitted; without one, whether the service can connect and bind. A directory
     * that cannot be asked fails with its problem's code (502, e.g. {@code directory_bind_failed});
     * a project without a directory with 409 {@code directory_not_configured}. Audited, outcome only.
     */
    public Uni<DirectoryAnswer> testDirectory(Administrator by, String clientId, String userId) {
        String user = userId == null || userId.isBlank() ? null : userId.strip();
        return project(by, clientId)
                .chain(project -> {
                    DirectorySettings directory = project.directory;
                    if (directory == null) {
                        return Uni.createFrom().failure(RegistrationProblems.directoryNotConfigured());
                    }
                    return Offload.compute(() -> user == null
                            ? connectionAnswer(DirectoryClient.testConnection(directory))
                            : DirectoryClient.checkUser(directory, user));
                })
                .call(answer -> audit.record(
                        by,
                        AdminAuditType.DIRECTORY_TESTED,
                        clientId,
                        (user == null ? "connection" : "User ID " + user) + ": " + answer.reason()))
                .invoke(answer -> {
                    if (answer.problem() != null) {
                        throw RegistrationProblems.directoryFailed(answer.problem());
                    }
                });
    }

    private static DirectoryAnswer connectionAnswer(DirectoryProblem problem) {
        return problem == null
                ? new DirectoryAnswer(DirectoryAnswer.Outcome.ALLOWED, null, List.of(), null)
                : new DirectoryAnswer(DirectoryAnswer.Outcome.ERROR, null, List.of(), problem);
    }

    /** The console-managed RADIUS clients of the administrator's projects. */
    @WithSession
    public Uni<List<RadiusClient>> visibleRadiusClients(Administrator by) {
        return radiusClients
                .listClients()
                .map(all -> all.stream()
                        .filter(client -> by.mayManage(client.clientId))
                        .toList());
    }

    @WithSession
    public Uni<RadiusClient> radiusClient(Administrator by, UUID id) {
        return radiusClients.getClient(id).invoke(client -> requireProject(by, client.clientId));
    }

    @WithTransaction
    public Uni<ClientWithSecret> createRadiusClient(Administrator by, ClientSettings settings) {
        if (settings.clientId() != null || !by.global()) {
            requireProject(by, settings.clientId());
        }
        requireGlobalToAllowOverlap(by, settings);
        return radiusClients
                .createClient(settings)
                .call(created -> audit.recordInTransaction(
                        by,
                        AdminAuditType.RADIUS_CLIENT_CREATED,
                        created.client().clientId,
                        describe(created.client(), settings)));
    }

    @WithTransaction
    public Uni<RadiusClient> updateRadiusClient(Administrator by, UUID id, ClientSettings settings) {
        return radiusClient(by, id)
                .invoke(ignored -> {
                    if (settings.clientId() != null) {
                        requireProject(by, settings.clientId());
                    }
                    requireGlobalToAllowOverlap(by, settings);
                })
                .chain(ignored -> radiusClients.updateClient(id, settings))
                .call(client -> audit.recordInTransaction(
                        by, AdminAuditType.RADIUS_CLIENT_UPDATED, client.clientId, describe(client, settings)));
    }

    @WithTransaction
    public Uni<ClientWithSecret> rotateRadiusSecret(Administrator by, UUID id, Duration overlap) {
        return radiusClient(by, id)
                .chain(ignored -> radiusClients.rotateSecret(id, overlap))
                .call(rotated -> audit.recordInTransaction(
                        by,
                        AdminAuditType.RADIUS_SECRET_ROTATED,
                        rotated.client().clientId,
                        rotated.client().name + ", previous secret valid for " + overlap.toHours() + " h"));
    }

    @WithTransaction
    public Uni<RadiusClient> deleteRadiusClient(Administrator by, UUID id) {
        return radiusClient(by, id)
                .chain(ignored -> radiusClients.deleteClient(id))
                .call(client -> audit.recordInTransaction(
                        by, AdminAuditType.RADIUS_CLIENT_DELETED, client.clientId, client.name));
    }

    /**
     * Seals every RADIUS secret again under the first NAS secret key and publishes every client
     * again (rotation of the NAS secret key); global administrators only.
     */
    @WithTransaction
    public Uni<Integer> resealRadiusSecrets(Administrator by) {
        ConsoleAccessService.requireGlobal(by);
        return radiusClients
                .resealSecrets()
                .call(count -> audit.recordInTransaction(
                        by, AdminAuditType.RADIUS_SECRETS_RESEALED, null, count + " clients sealed again"));
    }

    /** Records an export of the audit trail (after the export's own reading). */
    public Uni<Void> recordAuditExport(Administrator by, String clientId, int entries) {
        return audit.record(by, AdminAuditType.AUDIT_EXPORTED, clientId, entries + " entries");
    }

    @WithSession
    public Uni<List<Identity>> identities(Administrator by, String clientId, String userId) {
        requireProject(by, clientId);
        return identityManagement.listIdentities(clientId, userId);
    }

    @WithTransaction
    public Uni<Void> revokeIdentity(Administrator by, String mpinId) {
        return identities
                .findForUpdate(mpinId)
                .onItem()
                .ifNull()
                .failWith(AdminOperations::identityNotFound)
                .invoke(identity -> {
                    if (!by.mayManage(identity.clientId)) {
                        throw identityNotFound();
                    }
                })
                .chain(identity -> identityService
                        .revokeIdentity(mpinId, RevocationReason.ADMIN, by.actor())
                        .chain(() -> audit.recordInTransaction(
                                by,
                                AdminAuditType.IDENTITY_REVOKED,
                                identity.clientId,
                                identity.userId + " on " + label(identity))));
    }

    @WithTransaction
    public Uni<Integer> revokeUser(Administrator by, String clientId, String userId) {
        requireProject(by, clientId);
        return identityManagement
                .revokeAllOfUser(clientId, userId, by.actor())
                .call(count -> audit.recordInTransaction(
                        by, AdminAuditType.USER_REVOKED, clientId, userId + ": " + count + " identities"));
    }

    /** Only a global administrator may let a range overlap another project's clients. */
    private static void requireGlobalToAllowOverlap(Administrator by, ClientSettings settings) {
        if (Boolean.TRUE.equals(settings.allowOverlap())) {
            ConsoleAccessService.requireGlobal(by);
        }
    }

    /** Throws 404 unless the administrator may manage the project. */
    public static void requireProject(Administrator by, String clientId) {
        if (clientId == null || !by.mayManage(clientId)) {
            throw RegistrationProblems.projectNotFound();
        }
    }

    private static ProblemException identityNotFound() {
        return ProblemException.notFound("identity_not_found", "There is no such identity.");
    }

    private static String label(Identity identity) {
        return identity.deviceLabel == null ? "a device" : identity.deviceLabel;
    }

    private static String describe(RadiusClient client) {
        return client.name + " (" + client.address + ", Message-Authenticator "
                + (client.requireMessageAuthenticator ? "required" : "not required") + ")";
    }

    private static String describe(RadiusClient client, ClientSettings settings) {
        return describe(client)
                + (Boolean.TRUE.equals(settings.allowOverlap()) ? ", overlap with other projects allowed" : "");
    }
}
