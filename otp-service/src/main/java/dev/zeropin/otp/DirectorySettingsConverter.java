package dev.zeropin.otp;

import dev.zeropin.directory.DirectorySettingsJson;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the directory settings of a project copy as JSON in one text column (null: no directory). */
@Converter
public class DirectorySettingsConverter implements AttributeConverter<DirectorySettings, String> {

    @Override
    public String convertToDatabaseColumn(DirectorySettings settings) {
        return DirectorySettingsJson.write(settings);
    }

    @Override
    public DirectorySettings convertToEntityAttribute(String column) {
        return DirectorySettingsJson.read(column);
    }
}
