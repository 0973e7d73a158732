package dev.zeropin.registration.repository;

import dev.zeropin.registration.Activation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Issued activation tokens. */
@ApplicationScoped
public class ActivationRepository implements PanacheRepositoryBase<Activation, UUID> {

    /**
     * Marks a token used if it is unused and alive; of concurrent callers exactly one gets true.
     */
    public Uni<Boolean> consume(UUID id, Instant now) {
        return update("usedAt = ?1 where id = ?2 and usedAt is null and expiresAt > ?1", now, id)
                .map(count -> count == 1);
    }
}
