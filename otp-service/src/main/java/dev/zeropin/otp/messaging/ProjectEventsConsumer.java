package dev.zeropin.otp.messaging;

import dev.zeropin.events.Topics;
import dev.zeropin.otp.service.ProjectCopyService;
import dev.zeropin.outbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies {@code project-events} to the local project copies, once per event. */
@ApplicationScoped
public class ProjectEventsConsumer {

    private final IdempotentConsumer consumer;
    private final ProjectCopyService projects;

    public ProjectEventsConsumer(IdempotentConsumer consumer, ProjectCopyService projects) {
        this.consumer = consumer;
        this.projects = projects;
    }

    @Incoming(Topics.PROJECT_EVENTS)
    public Uni<Void> onProjectEvent(String record) {
        return consumer.consume(Topics.PROJECT_EVENTS, record, projects::applyProjectEvent);
    }
}
