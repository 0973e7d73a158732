package dev.zeropin.registration.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectMailServer;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.mpin.Wire;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** After a registration, no table holds the client secret, the code or the link token in clear. */
@QuarkusTest
@RegistrationTestResources
class SecretsAtRestTest {

    @InjectKeys
    KeyRing keys;

    @InjectMailServer
    MailServer mail;

    @InjectPostgres
    PostgresServer postgres;

    @Test
    void noTableHoldsAClientSecretACodeOrALinkToken() throws Exception {
        String clientId = Registrations.createProject(keys, Map.of());
        String user = "secret-scan@example.com";
        String id = Registrations.start(clientId, user, Registrations.randomAddress())
                .path("registrationId");
        String text = Registrations.newestMail(mail, user, 1);
        String code = Registrations.codeIn(text);
        String linkToken = Registrations.linkTokenIn(text);
        String token = Registrations.verifyCode(id, code).path("activationToken");
        Response identity = Registrations.createIdentity(token);
        byte[] clientSecret = Wire.decode(identity.path("clientSecret"));

        String everything = dumpAllTables();

        assertThat(everything).contains((String) identity.path("mpinId"));
        assertThat(everything)
                .doesNotContain(Wire.encode(clientSecret))
                .doesNotContain(HexFormat.of().formatHex(clientSecret))
                .doesNotContain(HexFormat.of().formatHex(clientSecret, 1, 49))
                .doesNotContain(linkToken)
                .doesNotContain(token)
                .doesNotContain("\"" + code + "\"");
    }

    private String dumpAllTables() {
        return postgres
                .query(
                        "registration",
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                                + " AND table_type = 'BASE TABLE'")
                .stream()
                .map(row -> (String) row.get("table_name"))
                .flatMap(table ->
                        postgres
                                .query("registration", "SELECT row_to_json(t)::text AS row FROM \"" + table + "\" t")
                                .stream())
                .map(row -> (String) row.get("row"))
                .collect(Collectors.joining("\n"));
    }
}
