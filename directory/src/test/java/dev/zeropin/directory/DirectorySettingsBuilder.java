package dev.zeropin.directory;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.events.ProjectEvents.UnreachablePolicy;
import java.util.List;

/** Directory settings for tests: start from defaults or from given settings, change what matters. */
public final class DirectorySettingsBuilder {

    public String url;
    public boolean startTls;
    public String caFile;
    public String bindDn;
    public String bindPasswordFile;
    public String baseDn;
    public String userIdAttribute;
    public String userFilter;
    public List<String> requiredGroups;
    public GroupCheck groupCheck;
    public DisabledCheck disabledCheck;
    public String disabledAttribute;
    public String disabledValue;
    public Integer timeoutMillis;
    public Integer cacheSeconds;
    public UnreachablePolicy unreachablePolicy;
    public Integer staleMinutes;

    /** Only a URL and a base DN; everything else takes its default. */
    public static DirectorySettingsBuilder of(String url, String baseDn) {
        DirectorySettingsBuilder builder = new DirectorySettingsBuilder();
        builder.url = url;
        builder.baseDn = baseDn;
        return builder;
    }

    /** A copy of {@code settings} to change. */
    public static DirectorySettingsBuilder from(DirectorySettings settings) {
        DirectorySettingsBuilder builder = of(settings.url(), settings.baseDn());
        builder.startTls = settings.startTls();
        builder.caFile = settings.caFile();
        builder.bindDn = settings.bindDn();
        builder.bindPasswordFile = settings.bindPasswordFile();
        builder.userIdAttribute = settings.userIdAttribute();
        builder.userFilter = settings.userFilter();
        builder.requiredGroups = settings.requiredGroups();
        builder.groupCheck = settings.groupCheck();
        builder.disabledCheck = settings.disabledCheck();
        builder.disabledAttribute = settings.disabledAttribute();
        builder.disabledValue = settings.disabledValue();
        builder.timeoutMillis = settings.timeoutMillis();
        builder.cacheSeconds = settings.cacheSeconds();
        builder.unreachablePolicy = settings.unreachablePolicy();
        builder.staleMinutes = settings.staleMinutes();
        return builder;
    }

    public DirectorySettings build() {
        return new DirectorySettings(
                url,
                startTls,
                caFile,
                bindDn,
                bindPasswordFile,
                baseDn,
                userIdAttribute,
                userFilter,
                requiredGroups,
                groupCheck,
                disabledCheck,
                disabledAttribute,
                disabledValue,
                timeoutMillis,
                cacheSeconds,
                unreachablePolicy,
                staleMinutes);
    }
}
