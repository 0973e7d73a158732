package dev.zeropin.registration.service;

import dev.zeropin.events.IdentityEvents.RevocationReason;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.registration.Identity;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.repository.IdentityRepository;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.RadiusClientService.ClientSettings;
import dev.zeropin.registration.service.RadiusClientService.ClientWithSecret;
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
 * What an administrator does in the console. Each action checks the administrator's scope, runs in
 * one transaction with its audit entry (who, what, when, from where), so that no change happens
 * without its record and no record exists for a change that did not happen.
 */
@ApplicationScoped
public class ConsoleActions {

    private final ProjectService projects;
    private final RadiusClientService radiusClients;
    private final IdentityService identityService;
    private final IdentityManagementService identityManagement;
    private final IdentityRepository identities;
    private final ConsoleAccessService access;

    public ConsoleActions(
            ProjectService projects,
            RadiusClientService radiusClients,
            IdentityService identityService,
            IdentityManagementService identityManagement,
            IdentityRepository identities,
            ConsoleAccessService access) {
        this.projects = projects;
        this.radiusClients = radiusClients;
        this.identityService = identityService;
        this.identityManagement = identityManagement;
        this.identities = identities;
        this.access = access;
    }

    /** The projects an administrator may see: all for global administrators, else their own. */
    @WithSession
    public Uni<List<Project>> visibleProjects(ConsoleSession session) {
        return projects.listProjects()
                .map(all -> all.stream()
                        .filter(project -> session.mayManage(project.clientId))
                        .toList());
    }

    /** One project the administrator may manage; 404 otherwise (no hint that it exists). */
    @WithSession
    public Uni<Project> project(ConsoleSession session, String clientId) {
        requireProject(session, clientId);
        return projects.getProject(clientId);
    }

    @WithTransaction
    public Uni<Project> createProject(ConsoleSession session, String clientId, ProjectSettings settings) {
        ConsoleAccessService.requireGlobal(session);
        return projects.createProject(clientId, settings)
                .call(project ->
                        access.recordInTransaction(session, "admin.project-created", project.clientId, "created"));
    }

    @WithTransaction
    public Uni<Project> updateProject(ConsoleSession session, String clientId, UnaryOperator<ProjectSettings> change) {
        requireProject(session, clientId);
        return projects.updateProject(clientId, change)
                .call(project -> access.recordInTransaction(
                        session,
                        "admin.project-updated",
                        clientId,
                        "revision " + project.revision + (project.enabled ? "" : ", disabled")));
    }

    /** The console-managed RADIUS clients of the administrator's projects. */
    @WithSession
    public Uni<List<RadiusClient>> visibleRadiusClients(ConsoleSession session) {
        return radiusClients
                .listClients()
                .map(all -> all.stream()
                        .filter(client -> session.mayManage(client.clientId))
                        .toList());
    }

    @WithSession
    public Uni<RadiusClient> radiusClient(ConsoleSession session, UUID id) {
        return radiusClients.getClient(id).invoke(client -> requireProject(session, client.clientId));
    }

    @WithTransaction
    public Uni<ClientWithSecret> createRadiusClient(ConsoleSession session, ClientSettings settings) {
        requireProject(session, settings.clientId());
        requireGlobalToAllowOverlap(session, settings);
        return radiusClients
                .createClient(settings)
                .call(created -> access.recordInTransaction(
                        session,
                        "admin.radius-client-created",
                        created.client().clientId,
                        describe(created.client(), settings)));
    }

    @WithTransaction
    public Uni<RadiusClient> updateRadiusClient(ConsoleSession session, UUID id, ClientSettings settings) {
        return radiusClient(session, id)
                .invoke(ignored -> {
                    if (settings.clientId() != null) {
                        requireProject(session, settings.clientId());
                    }
                    requireGlobalToAllowOverlap(session, settings);
                })
                .chain(ignored -> radiusClients.updateClient(id, settings))
                .call(client -> access.recordInTransaction(
                        session, "admin.radius-client-updated", client.clientId, describe(client, settings)));
    }

    @WithTransaction
    public Uni<ClientWithSecret> rotateRadiusSecret(ConsoleSession session, UUID id, Duration overlap) {
        return radiusClient(session, id)
                .chain(ignored -> radiusClients.rotateSecret(id, overlap))
                .call(rotated -> access.recordInTransaction(
                        session,
                        "admin.radius-secret-rotated",
                        rotated.client().clientId,
                        rotated.client().name + ", previous secret valid for " + overlap.toHours() + " h"));
    }

    @WithTransaction
    public Uni<RadiusClient> deleteRadiusClient(ConsoleSession session, UUID id) {
        return radiusClient(session, id)
                .chain(ignored -> radiusClients.deleteClient(id))
                .call(client -> access.recordInTransaction(
                        session, "admin.radius-client-deleted", client.clientId, client.name));
    }

    @WithSession
    public Uni<List<Identity>> identities(ConsoleSession session, String clientId, String userId) {
        requireProject(session, clientId);
        return identityManagement.listIdentities(clientId, userId);
    }

    @WithTransaction
    public Uni<Void> revokeIdentity(ConsoleSession session, String mpinId) {
        return identities
                .findForUpdate(mpinId)
                .onItem()
                .ifNull()
                .failWith(ConsoleActions::identityNotFound)
                .invoke(identity -> {
                    if (!session.mayManage(identity.clientId)) {
                        throw identityNotFound();
                    }
                })
                .chain(identity -> identityService
                        .revokeIdentity(mpinId, RevocationReason.ADMIN, session.userId())
                        .chain(() -> access.recordInTransaction(
                                session,
                                "admin.identity-revoked",
                                identity.clientId,
                                identity.userId + " on " + label(identity))));
    }

    @WithTransaction
    public Uni<Integer> revokeUser(ConsoleSession session, String clientId, String userId) {
        requireProject(session, clientId);
        return identityManagement
                .revokeAllOfUser(clientId, userId, session.userId())
                .call(count -> access.recordInTransaction(
                        session, "admin.user-revoked", clientId, userId + ": " + count + " identities"));
    }

    /** Only a global administrator may let a range overlap another project's clients. */
    private static void requireGlobalToAllowOverlap(ConsoleSession session, ClientSettings settings) {
        if (Boolean.TRUE.equals(settings.allowOverlap())) {
            ConsoleAccessService.requireGlobal(session);
        }
    }

    /** Throws 404 unless the administrator may manage the project. */
    public static void requireProject(ConsoleSession session, String clientId) {
        if (clientId == null || !session.mayManage(clientId)) {
            throw ProblemException.notFound("project_not_found", "There is no such project.");
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
