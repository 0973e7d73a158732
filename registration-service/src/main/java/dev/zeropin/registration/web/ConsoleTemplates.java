package dev.zeropin.registration.web;

import dev.zeropin.events.ProjectEvents.ReplyMessages;
import dev.zeropin.registration.AdminGrant;
import dev.zeropin.registration.AdminIdentity;
import dev.zeropin.registration.AuditEvent;
import dev.zeropin.registration.Project;
import dev.zeropin.registration.RadiusClient;
import dev.zeropin.registration.service.ConsoleAccessService.ConsoleSession;
import dev.zeropin.registration.service.ConsoleAccessService.SignInLink;
import dev.zeropin.registration.service.ConsoleFigures.Figures;
import dev.zeropin.registration.service.StaticRadiusClients.StaticClient;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's pages: Qute templates under {@code templates/ConsoleResource/}, checked at build time. */
@CheckedTemplate(basePath = "ConsoleResource")
final class ConsoleTemplates {

    private ConsoleTemplates() {}

    static native TemplateInstance signIn(String importMap, String mode);

    static native TemplateInstance problem(String importMap, ConsoleSession session, String error);

    static native TemplateInstance dashboard(
            String importMap,
            ConsoleSession session,
            Figures figures,
            String p95,
            String loginsChart,
            String nasChart,
            List<RadiusClient> legacyClients);

    static native TemplateInstance projects(
            String importMap, ConsoleSession session, String notice, String error, List<Project> projects);

    static native TemplateInstance project(
            String importMap,
            ConsoleSession session,
            String notice,
            String error,
            Project project,
            ReplyMessages replies,
            String otpLink,
            String qrSvg,
            String domains,
            ConsoleDirectory.Form directory,
            ConsoleDirectory.Test directoryTest);

    static native TemplateInstance radiusClients(
            String importMap,
            ConsoleSession session,
            String notice,
            String error,
            List<RadiusClient> clients,
            List<StaticClient> staticClients,
            boolean staticUnavailable,
            List<Project> projects);

    static native TemplateInstance radiusClient(
            String importMap,
            ConsoleSession session,
            String notice,
            String error,
            RadiusClient client,
            String secret,
            List<Project> projects);

    static native TemplateInstance identities(
            String importMap,
            ConsoleSession session,
            String notice,
            String error,
            List<Project> projects,
            String clientId,
            String userId,
            List<ConsoleIdentitiesResource.IdentityRow> identities,
            List<AuditEvent> recent);

    static native TemplateInstance audit(
            String importMap,
            ConsoleSession session,
            String error,
            List<Project> projects,
            ConsoleAuditResource.AuditFilter filter,
            List<String> results,
            List<AuditEvent> events,
            String query);

    static native TemplateInstance admins(
            String importMap,
            ConsoleSession session,
            String notice,
            String error,
            List<AdminGrant> grants,
            List<AdminIdentity> enrolments,
            SignInLink signInLink,
            List<Project> projects);
}
