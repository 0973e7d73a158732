package dev.zeropin.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A native image serialises events by reflection: every event record must be registered. */
class NativeReflectionConfigTest {

    @Test
    void registersEveryEventRecordAndTheEnvelope() throws Exception {
        Set<String> registered = new HashSet<>();
        try (InputStream config = getClass()
                .getResourceAsStream("/META-INF/native-image/dev.zeropin/event-contracts/reflect-config.json")) {
            for (JsonNode entry : new ObjectMapper().readTree(config)) {
                registered.add(entry.get("name").asText());
            }
        }

        assertThat(registered).contains(EventEnvelope.class.getName());
        EventCodec.TYPES.values().forEach(type -> assertThat(registered).containsAll(recordsWithin(type)));
    }

    /** The record and every record reachable through its components (the JSON tree Jackson builds). */
    private static Set<String> recordsWithin(Class<?> type) {
        Set<String> found = new HashSet<>();
        collect(type, found);
        return found;
    }

    private static void collect(Class<?> type, Set<String> found) {
        if (!type.isRecord() || !found.add(type.getName())) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            collect(component.getType(), found);
        }
    }
}
