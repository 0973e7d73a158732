package dev.zeropin.internal.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifyContractTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyCredentialSurvivesTheTripThroughJson() throws Exception {
        NasSession nas = new NasSession("vpn-1", "192.0.2.10", "203.0.113.9", 7L, "tun0");
        List<VerifyRequest> requests = List.of(
                VerifyRequest.pap("demo", "alice@example.com", "123456", nas),
                new VerifyRequest(
                        "demo",
                        "bob@example.com",
                        AuthMethod.CHAP,
                        new Credential.Chap(9, new byte[] {1, 2}, new byte[16]),
                        nas),
                new VerifyRequest(
                        "demo",
                        "carol@example.com",
                        AuthMethod.EAP_MSCHAPV2,
                        new Credential.MsChapV2(new byte[16], new byte[16], new byte[24], "CAROL@example.com"),
                        NasSession.of("vpn-2")));

        VerifyBatch read = json.readValue(json.writeValueAsBytes(new VerifyBatch(requests)), VerifyBatch.class);

        assertThat(read.requests()).hasSize(3);
        assertThat(read.requests().get(0)).isEqualTo(requests.get(0));
        assertThat(read.requests().get(1).credential()).isInstanceOfSatisfying(Credential.Chap.class, chap -> {
            assertThat(chap.id()).isEqualTo(9);
            assertThat(chap.challenge()).containsExactly(1, 2);
        });
        assertThat(read.requests().get(2).method()).isEqualTo(AuthMethod.EAP_MSCHAPV2);
        assertThat(read.requests().get(2).credential())
                .isInstanceOfSatisfying(
                        Credential.MsChapV2.class,
                        ms -> assertThat(ms.userName()).isEqualTo("CAROL@example.com"));
    }

    @Test
    void methodsAndReasonsTravelAsTheirStableCodes() throws Exception {
        JsonNode request = json.valueToTree(VerifyRequest.pap("demo", "a@example.com", "1", NasSession.of("n")));
        assertThat(request.path("method").asText()).isEqualTo("PAP");
        assertThat(request.path("credential").path("type").asText()).isEqualTo("pap");

        JsonNode answer = json.valueToTree(
                new VerifyAnswer(VerifyAnswer.Result.REJECT, VerifyAnswer.Reason.LOCKED, 30L, "wait", null));
        assertThat(answer.path("result").asText()).isEqualTo("REJECT");
        assertThat(answer.path("reason").asText()).isEqualTo("locked");
        assertThat(answer.has("msChapV2")).isFalse();
        assertThat(json.treeToValue(answer, VerifyAnswer.class).accepted()).isFalse();
    }

    @Test
    void refusesACredentialOfAnUnknownType() {
        String body = "{\"clientId\":\"demo\",\"userId\":\"a\",\"method\":\"PAP\",\"credential\":{\"type\":\"arap\"}}";
        assertThatThrownBy(() -> json.readValue(body, VerifyRequest.class)).isInstanceOf(InvalidTypeIdException.class);
    }

    @Test
    void neverPrintsAPasswordOrAKey() {
        assertThat(new Credential.Pap("123456").toString()).doesNotContain("123456");
        assertThat(new VerifyAnswer.MsChapV2Success("S=AB", new byte[] {42}, new byte[] {43}).toString())
                .doesNotContain("S=AB");
    }

    @Test
    void registersEveryRecordAndEnumForNativeImages() throws Exception {
        Set<String> registered = new HashSet<>();
        try (InputStream config = getClass()
                .getResourceAsStream("/META-INF/native-image/dev.zeropin/otp-internal-api/reflect-config.json")) {
            for (JsonNode entry : json.readTree(config)) {
                registered.add(entry.get("name").asText());
            }
        }
        Set<String> needed = new HashSet<>();
        for (Class<?> type : List.of(
                VerifyBatch.class,
                VerifyBatchAnswer.class,
                Credential.Pap.class,
                Credential.Chap.class,
                Credential.MsChapV2.class)) {
            collect(type, needed);
        }
        needed.add(Credential.class.getName());
        assertThat(registered).containsAll(needed);
    }

    private static void collect(Class<?> type, Set<String> found) {
        if (type.isEnum()) {
            found.add(type.getName());
            return;
        }
        if (!type.isRecord() || !found.add(type.getName())) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            collect(component.getType(), found);
            if (component.getGenericType() instanceof java.lang.reflect.ParameterizedType list) {
                for (java.lang.reflect.Type argument : list.getActualTypeArguments()) {
                    if (argument instanceof Class<?> element) {
                        collect(element, found);
                    }
                }
            }
        }
    }
}
