package dev.zeropin.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.directory.DirectoryAnswer.Outcome;
import dev.zeropin.events.ProjectEvents.DirectorySettings;
import dev.zeropin.events.ProjectEvents.DisabledCheck;
import dev.zeropin.events.ProjectEvents.GroupCheck;
import dev.zeropin.infra.CompanyDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DirectoryClientTest {

    private static CompanyDirectory directory;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = CompanyDirectory.start();
    }

    @AfterAll
    static void stopDirectory() throws IOException {
        directory.close();
    }

    @Test
    void admitsAUserInTheRequiredGroupByMemberOf() {
        DirectoryAnswer answer = DirectoryClient.checkUser(TestSettings.of(directory), "alice@example.com");

        assertThat(answer.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(answer.entryDn()).isEqualTo("uid=alice," + CompanyDirectory.PEOPLE);
        assertThat(answer.groups()).containsExactly(CompanyDirectory.VPN_GROUP);
    }

    @Test
    void admitsAUserListedAsMemberOfTheGroupEntry() {
        DirectorySettings settings = TestSettings.of(
                directory,
                GroupCheck.GROUP_MEMBER,
                DisabledCheck.NONE,
                List.of(CompanyDirectory.OTHER_GROUP, CompanyDirectory.VPN_GROUP));

        assertThat(DirectoryClient.checkUser(settings, "alice@example.com").groups())
                .containsExactly(CompanyDirectory.VPN_GROUP);
        assertThat(DirectoryClient.checkUser(settings, "bob@example.com").groups())
                .containsExactly(CompanyDirectory.OTHER_GROUP);
    }

    @Test
    void refusesAUserOutsideTheRequiredGroups() {
        assertThat(DirectoryClient.checkUser(TestSettings.of(directory), "bob@example.com")
                        .outcome())
                .isEqualTo(Outcome.NOT_IN_GROUP);
        DirectorySettings byGroupEntry = TestSettings.of(
                directory, GroupCheck.GROUP_MEMBER, DisabledCheck.NONE, List.of(CompanyDirectory.VPN_GROUP));
        assertThat(DirectoryClient.checkUser(byGroupEntry, "bob@example.com").outcome())
                .isEqualTo(Outcome.NOT_IN_GROUP);
    }

    @Test
    void aMissingGroupEntryAdmitsNobody() {
        DirectorySettings settings = TestSettings.of(
                directory,
                GroupCheck.GROUP_MEMBER,
                DisabledCheck.NONE,
                List.of("cn=gone,ou=groups," + CompanyDirectory.BASE));

        assertThat(DirectoryClient.checkUser(settings, "alice@example.com").outcome())
                .isEqualTo(Outcome.NOT_IN_GROUP);
    }

    @Test
    void admitsEveryEnabledUserWhenNoGroupIsRequired() {
        DirectorySettings settings =
                TestSettings.of(directory, GroupCheck.MEMBER_OF, DisabledCheck.AD_USER_ACCOUNT_CONTROL, List.of());

        assertThat(DirectoryClient.checkUser(settings, "bob@example.com").outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void refusesAnAccountDisabledInActiveDirectory() {
        assertThat(DirectoryClient.checkUser(TestSettings.of(directory), "carol@example.com")
                        .outcome())
                .isEqualTo(Outcome.DISABLED);
    }

    @Test
    void refusesAnAccountDisabledByAConfiguredAttribute() {
        DirectorySettings settings = TestSettings.of(
                directory, GroupCheck.MEMBER_OF, DisabledCheck.ATTRIBUTE, List.of(CompanyDirectory.VPN_GROUP));

        assertThat(DirectoryClient.checkUser(settings, "dave@example.com").outcome())
                .isEqualTo(Outcome.DISABLED);
        assertThat(DirectoryClient.checkUser(settings, "alice@example.com").outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void anUnknownUserIdIsUnknown() {
        assertThat(DirectoryClient.checkUser(TestSettings.of(directory), "mallory@example.com")
                        .outcome())
                .isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void anInjectedFilterInTheUserIdFindsNobody() {
        for (String injection : List.of("*)(uid=*", "*", "alice@example.com)(|(mail=*", "*)(mail=*))(|(mail=*")) {
            assertThat(DirectoryClient.checkUser(TestSettings.of(directory), injection)
                            .outcome())
                    .as(injection)
                    .isEqualTo(Outcome.UNKNOWN);
        }
    }

    @Test
    void twoEntriesWithTheSameUserIdAdmitNeither() {
        DirectoryAnswer answer = DirectoryClient.checkUser(TestSettings.of(directory), "erin@example.com");

        assertThat(answer.outcome()).isEqualTo(Outcome.AMBIGUOUS);
        assertThat(answer.entryDn()).isNull();
    }

    @Test
    void theUserFilterNarrowsTheSearch() {
        DirectorySettingsBuilder groupsOnly = DirectorySettingsBuilder.from(TestSettings.of(directory));
        groupsOnly.userFilter = "(objectClass=groupOfNames)";
        groupsOnly.requiredGroups = List.of();

        assertThat(DirectoryClient.checkUser(groupsOnly.build(), "alice@example.com")
                        .outcome())
                .isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void aWrongBindPasswordIsABindFailureThatNamesNoPassword() throws IOException {
        Path wrong = Files.createTempFile("directory-wrong", ".txt");
        try {
            Files.writeString(wrong, "not-the-password-4711");
            DirectorySettings settings = withPasswordFile(wrong.toString());

            DirectoryAnswer answer = DirectoryClient.checkUser(settings, "alice@example.com");
            DirectoryProblem test = DirectoryClient.testConnection(settings);

            assertThat(answer.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(answer.problem().code()).isEqualTo(DirectoryProblem.BIND_FAILED);
            assertThat(answer.problem().message()).doesNotContain("not-the-password-4711");
            assertThat(answer.problem().unreachable()).isFalse();
            assertThat(test.code()).isEqualTo(DirectoryProblem.BIND_FAILED);
        } finally {
            Files.deleteIfExists(wrong);
        }
    }

    @Test
    void theRightPasswordPassesTheConnectionTest() {
        assertThat(DirectoryClient.testConnection(TestSettings.of(directory))).isNull();
    }

    @Test
    void anUnreadablePasswordFileIsNamedWithoutAnyPassword() {
        DirectoryProblem problem =
                DirectoryClient.testConnection(withPasswordFile("/nonexistent/zeropin-directory-password"));

        assertThat(problem.code()).isEqualTo(DirectoryProblem.SECRET_UNREADABLE);
        assertThat(problem.message()).contains("/nonexistent/zeropin-directory-password");
    }

    @Test
    void aDirectoryThatIsNotListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        DirectorySettingsBuilder closed = DirectorySettingsBuilder.from(TestSettings.of(directory));
        closed.url = "ldap://127.0.0.1:" + port;
        closed.timeoutMillis = 500;

        DirectoryAnswer answer = DirectoryClient.checkUser(closed.build(), "alice@example.com");

        assertThat(answer.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(answer.problem().code()).isEqualTo(DirectoryProblem.UNREACHABLE);
        assertThat(answer.problem().unreachable()).isTrue();
    }

    @Test
    void aDisabledAccountIsSeenAtTheNextQuestion() throws Exception {
        try (CompanyDirectory own = CompanyDirectory.start()) {
            assertThat(DirectoryClient.checkUser(TestSettings.of(own), "alice@example.com")
                            .outcome())
                    .isEqualTo(Outcome.ALLOWED);

            own.modify("alice", "userAccountControl", "514");

            assertThat(DirectoryClient.checkUser(TestSettings.of(own), "alice@example.com")
                            .outcome())
                    .isEqualTo(Outcome.DISABLED);
        }
    }

    private static DirectorySettings withPasswordFile(String file) {
        DirectorySettingsBuilder settings = DirectorySettingsBuilder.from(TestSettings.of(directory));
        settings.bindPasswordFile = file;
        return settings.build();
    }
}
