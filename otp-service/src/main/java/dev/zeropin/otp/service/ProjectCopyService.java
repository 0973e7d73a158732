package dev.zeropin.otp.service;

import dev.zeropin.events.DomainEvent;
import dev.zeropin.events.ProjectEvents.ProjectCreated;
import dev.zeropin.events.ProjectEvents.ProjectSettings;
import dev.zeropin.events.ProjectEvents.ProjectUpdated;
import dev.zeropin.otp.ProjectCopy;
import dev.zeropin.otp.repository.ProjectCopyRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Keeps the local copy of every project current, whatever order its events arrive in. */
@ApplicationScoped
public class ProjectCopyService {

    private final ProjectCopyRepository copies;
    private final Clock clock;

    public ProjectCopyService(ProjectCopyRepository copies, Clock clock) {
        this.copies = copies;
        this.clock = clock;
    }

    /**
     * Applies a project event inside the caller's transaction. A creation counts as revision 0;
     * an event older than the copy is ignored.
     */
    public Uni<Void> applyProjectEvent(DomainEvent event) {
        if (event instanceof ProjectCreated created) {
            return upsert(created.clientId(), 0, created.settings());
        }
        if (event instanceof ProjectUpdated updated) {
            return upsert(updated.clientId(), updated.revision(), updated.settings());
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> upsert(String clientId, long revision, ProjectSettings settings) {
        return copies.findById(clientId).chain(existing -> {
            if (existing != null && existing.revision > revision) {
                Log.debugf(
                        "ignored revision %s of project %s: copy is at %s",
                        (Object) revision, clientId, existing.revision);
                return Uni.createFrom().voidItem();
            }
            ProjectCopy copy = existing != null ? existing : new ProjectCopy();
            copy.clientId = clientId;
            copy.name = settings.name();
            copy.enabled = settings.enabled();
            copy.otpLength = settings.otpLength();
            copy.otpLifetimeSeconds = settings.otpLifetimeSeconds();
            copy.replyAccept = settings.replyMessages().accept();
            copy.replyReject = settings.replyMessages().reject();
            copy.replyLocked = settings.replyMessages().locked();
            copy.directory = settings.directory();
            copy.revision = revision;
            copy.updatedAt = Instant.now(clock);
            Log.infof("project %s at revision %d", clientId, revision);
            return copies.persist(copy).replaceWithVoid();
        });
    }
}
