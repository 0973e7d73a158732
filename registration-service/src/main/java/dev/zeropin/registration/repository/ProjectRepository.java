package dev.zeropin.registration.repository;

import dev.zeropin.registration.Project;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Projects in registration-service's own database. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, String> {

    /** Every project, by client id. */
    public Uni<List<Project>> listProjects() {
        return listAll(Sort.by("clientId"));
    }
}
