package dev.zeropin.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
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

        assertThat(registered).contains(EventEnvelope.class.getName(), ProjectEvents.ProjectSettings.class.getName());
        EventCodec.TYPES.values().forEach(type -> assertThat(registered).contains(type.getName()));
    }
}
