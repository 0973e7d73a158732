package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeropin.client.StoredIdentity;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.mpin.Device;
import dev.zeropin.mpin.MpinId;
import dev.zeropin.mpin.Wire;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.util.Map;

/** Console sessions without a browser: the PIN proof and the calls the sign-in page's script makes. */
final class ConsoleSessions {

    static final String COOKIE = "zeropin_console";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleSessions() {}

    /** Pass 1 and pass 2 with the admin-login purpose: the assertion the sign-in page sends. */
    static String adminAssertion(LocalStack stack, StoredIdentity identity, int pin) throws Exception {
        String otpService = stack.otp().baseUrl().toString();
        Device.Pass1 pass1 =
                Device.pass1(MpinId.parse(identity.mpinId()), Wire.decode(identity.token()), pin, new SecureRandom());
        JsonNode challenge = JSON.readTree(given().baseUri(otpService)
                .contentType(ContentType.JSON)
                .body(Map.of("mpinId", identity.mpinId(), "u", Wire.encode(pass1.u())))
                .post("/api/v1/authenticate/pass1")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        byte[] v = Device.pass2(pass1, Wire.decode(challenge.get("y").asText()));
        return given().baseUri(otpService)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "sessionId",
                        challenge.get("sessionId").asText(),
                        "v",
                        Wire.encode(v),
                        "purpose",
                        "admin-login"))
                .post("/api/v1/authenticate/pass2")
                .then()
                .statusCode(200)
                .extract()
                .path("assertion");
    }

    /** Redeems a bootstrap code with an assertion; returns the session cookie of the new global administrator. */
    static String bootstrap(LocalStack stack, String assertion, String code) {
        Response response = given().baseUri(stack.registration().baseUrl().toString())
                .header("Authorization", "Bearer " + assertion)
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/admin/bootstrap");
        response.then().statusCode(200);
        String cookie = response.getCookie(COOKIE);
        assertThat(cookie).isNotBlank();
        return cookie;
    }

    /** The code of the stack's one-time bootstrap link. */
    static String bootstrapCode(LocalStack stack) {
        String link = stack.consoleBootstrapLink().link();
        return link.substring(link.indexOf("#code=") + 6);
    }
}
