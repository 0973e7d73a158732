package dev.zeropin.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.events.ProjectEvents.UnreachablePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectorySettingsRulesTest {

    @Test
    void acceptsAnActiveDirectoryExample() {
        DirectorySettings settings = new DirectorySettings(
                "ldaps://dc1.corp.example.com",
                false,
                "/etc/zeropin/corp-ca.pem",
                "CN=svc-zeropin,OU=Service Accounts,DC=corp,DC=example,DC=com",
                "/run/secrets/directory-bind-password",
                "DC=corp,DC=example,DC=com",
                "userPrincipalName",
                "(&(objectCategory=person)(objectClass=user))",
                List.of("CN=VPN-Users,OU=Groups,DC=corp,DC=example,DC=com"),
                GroupCheck.IN_CHAIN,
                DisabledCheck.AD_USER_ACCOUNT_CONTROL,
                null,
                null,
                3000,
                60,
                UnreachablePolicy.USE_CACHE,
                30);

        assertThat(DirectorySettingsRules.problems(settings)).isEmpty();
    }

    @Test
    void namesEveryBrokenField() {
        DirectorySettings settings = new DirectorySettings(
                "http://dc1",
                false,
                "relative/ca.pem",
                "not a dn",
                null,
                "",
                "uid",
                "(objectClass=person",
                List.of("cn=ok,dc=example,dc=com", "bad group"),
                null,
                DisabledCheck.ATTRIBUTE,
                "has space",
                null,
                10,
                -1,
                null,
                100_000);

        assertThat(DirectorySettingsRules.problems(settings))
                .containsOnlyKeys(
                        "url",
                        "caFile",
                        "bindDn",
                        "bindPasswordFile",
                        "baseDn",
                        "userIdAttribute",
                        "userFilter",
                        "requiredGroups[1]",
                        "disabledAttribute",
                        "timeoutMillis",
                        "cacheSeconds",
                        "staleMinutes");
    }

    @Test
    void startTlsOnLdapsIsRefused() {
        DirectorySettingsBuilder settings =
                DirectorySettingsBuilder.of("ldaps://dc1.example.com:636", "dc=example,dc=com");
        settings.startTls = true;

        assertThat(DirectorySettingsRules.problems(settings.build())).containsOnlyKeys("startTls");
    }

    @Test
    void omittedSettingsTakeTheirDefaults() {
        DirectorySettings settings = new DirectorySettings(
                "ldap://dc1",
                false,
                null,
                null,
                null,
                "dc=example,dc=com",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(settings.userIdAttribute()).isEqualTo("mail");
        assertThat(settings.groupCheck()).isEqualTo(GroupCheck.MEMBER_OF);
        assertThat(settings.disabledCheck()).isEqualTo(DisabledCheck.NONE);
        assertThat(settings.timeoutMillis()).isEqualTo(DirectorySettings.DEFAULT_TIMEOUT_MILLIS);
        assertThat(settings.cacheSeconds()).isEqualTo(60);
        assertThat(settings.unreachablePolicy()).isEqualTo(UnreachablePolicy.FAIL_CLOSED);
        assertThat(DirectorySettingsRules.problems(settings)).isEmpty();
    }
}
