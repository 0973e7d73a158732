package dev.zeropin.directory;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.infra.CompanyDirectory;
import java.util.List;

/** Settings for the in-memory {@link CompanyDirectory}. */
final class TestSettings {

    private TestSettings() {}

    /** Bind as the service account, users by mail, the VPN group by memberOf, AD's disabled bit. */
    static DirectorySettings of(CompanyDirectory directory) {
        return of(
                directory,
                GroupCheck.MEMBER_OF,
                DisabledCheck.AD_USER_ACCOUNT_CONTROL,
                List.of(CompanyDirectory.VPN_GROUP));
    }

    static DirectorySettings of(
            CompanyDirectory directory, GroupCheck groupCheck, DisabledCheck disabledCheck, List<String> groups) {
        DirectorySettingsBuilder settings = DirectorySettingsBuilder.of(directory.url(), CompanyDirectory.PEOPLE);
        settings.bindDn = CompanyDirectory.BIND_DN;
        settings.bindPasswordFile = directory.passwordFile().toString();
        settings.userFilter = "(objectClass=inetOrgPerson)";
        settings.requiredGroups = groups;
        settings.groupCheck = groupCheck;
        settings.disabledCheck = disabledCheck;
        if (disabledCheck == DisabledCheck.ATTRIBUTE) {
            settings.disabledAttribute = "nsAccountLock";
            settings.disabledValue = "true";
        }
        settings.timeoutMillis = 2000;
        return settings.build();
    }
}
