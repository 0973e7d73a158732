package dev.zeropin.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.events.ProjectEvents.DirectorySettings;

/**
 * Directory settings as one JSON text, the way each service stores its copy (a text column; null
 * for a project without a directory). Unknown fields are ignored so that a newer writer's row
 * stays readable.
 */
public final class DirectorySettingsJson {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private DirectorySettingsJson() {}

    public static String write(DirectorySettings settings) {
        if (settings == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("directory settings cannot be written as JSON", e);
        }
    }

    public static DirectorySettings read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, DirectorySettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored directory settings are not valid JSON", e);
        }
    }
}
