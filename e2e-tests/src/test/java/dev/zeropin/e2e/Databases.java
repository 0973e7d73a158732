package dev.zeropin.e2e;

import dev.zeropin.infra.local.LocalStack;
import java.util.stream.Collectors;

/** What the services keep, read straight from their databases. */
final class Databases {

    private Databases() {}

    /** Every row of every table of {@code database} (but Flyway's history) as JSON text, a line each. */
    static String dump(LocalStack stack, String database) {
        return stack
                .postgres()
                .query(
                        database,
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                                + " AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway%'")
                .stream()
                .map(row -> (String) row.get("table_name"))
                .flatMap(
                        table -> stack
                                .postgres()
                                .query(database, "SELECT row_to_json(t)::text AS row FROM \"" + table + "\" t")
                                .stream())
                .map(row -> (String) row.get("row"))
                .collect(Collectors.joining("\n"));
    }
}
