package dev.zeropin.registration.repository;

import dev.zeropin.registration.RadiusClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/** RADIUS clients managed in the console. */
@ApplicationScoped
public class RadiusClientRepository implements PanacheRepositoryBase<RadiusClient, UUID> {

    public Uni<List<RadiusClient>> listClients() {
        return listAll(Sort.by("name"));
    }

    public Uni<RadiusClient> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Serialises changes of client ranges until the transaction ends, so that two administrators
     * cannot add overlapping ranges of different projects at the same instant.
     */
    public Uni<Void> lockRanges() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT pg_advisory_xact_lock(7439160001)")
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** Every client, locked for update (re-sealing). */
    public Uni<List<RadiusClient>> listForUpdate() {
        return find("order by name").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The clients whose last event was sealed in an older form than {@code version}, locked for update. */
    public Uni<List<RadiusClient>> listSealedBefore(int version) {
        return find("sealVersion < ?1 order by name", version)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    public Uni<RadiusClient> findByName(String name) {
        return find("name", name).firstResult();
    }
}
