package dev.zeropin.otp.repository;

import dev.zeropin.otp.ProjectCopy;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** otp-service's copies of the projects' settings. */
@ApplicationScoped
public class ProjectCopyRepository implements PanacheRepositoryBase<ProjectCopy, String> {}
