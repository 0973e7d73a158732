package dev.zeropin.registration.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.zeropin.infra.PostgresServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.Concurrently;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.infra.testing.InjectPostgres;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import dev.zeropin.registration.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RegistrationTestResources
class MobileActivationResourceTest {

    @InjectKeys
    KeyRing keys;

    /** The per-address budget of the test profile (application.properties). */
    private static final int ACTIVATION_BUDGET = 20;

    @Inject
    TestClock clock;

    @InjectPostgres
    PostgresServer postgres;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static Response create(String clientId) {
        return create(clientId, Registrations.randomAddress());
    }

    private static Response create(String clientId, String address) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", address)
                .body(Map.of("clientId", clientId))
                .post("/api/v1/mobile-activations");
    }

    private static Response redeem(String code) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/api/v1/mobile-activations/redeem");
    }

    private static String codeOf(String url) {
        return url.substring(url.indexOf("#code=") + 6);
    }

    /** Issue 16 item 11: anonymous creation of activation rows is limited per address. */
    @Test
    void aFloodOfActivationsFromOneAddressStopsAtItsBudgetAndOthersStillGetTheirs() throws Exception {
        String clientId = Registrations.createProject(keys, Map.of());
        String flooder = Registrations.randomAddress();

        List<Integer> answers = Concurrently.run(
                ACTIVATION_BUDGET + 10, i -> () -> create(clientId, flooder).statusCode());

        assertThat(answers).containsOnly(201, 429);
        assertThat(answers.stream().filter(status -> status == 201)).hasSize(ACTIVATION_BUDGET);
        create(clientId, flooder)
                .then()
                .statusCode(429)
                .header("Retry-After", "3600")
                .body("code", equalTo("too_many_activations"));
        assertThat(postgres.query("registration", "SELECT id FROM mobile_activation WHERE client_id = ?", clientId))
                .hasSize(ACTIVATION_BUDGET);
        create(clientId, Registrations.randomAddress()).then().statusCode(201);
        clock.advance(Duration.ofMinutes(61));
        create(clientId, flooder).then().statusCode(201);
    }

    @Test
    void createsAOneTimeLinkWhoseQrCodeHoldsIt() throws Exception {
        String clientId = Registrations.createProject(keys, Map.of("name", "Phones"));

        Response created = create(clientId);

        created.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("url", startsWith("http://localhost:8080/m/activate#code="))
                .body("expiresIn", equalTo(300));
        assertThat(decodeQr(created.path("qrSvg"))).isEqualTo(created.<String>path("url"));
    }

    @Test
    void aCodeOpensItsProjectOnceAndIsRefusedAfterwards() {
        String clientId = Registrations.createProject(keys, Map.of("name", "Phones"));
        String code = codeOf(create(clientId).path("url"));

        redeem(code).then().statusCode(200).body("clientId", equalTo(clientId)).body("projectName", equalTo("Phones"));
        redeem(code).then().statusCode(409).body("code", equalTo("activation_used"));
        redeem("forged-code").then().statusCode(404).body("code", equalTo("activation_not_found"));
    }

    @Test
    void anExpiredCodeIsRefused() {
        String clientId = Registrations.createProject(keys, Map.of());
        String code = codeOf(create(clientId).path("url"));

        clock.advance(Duration.ofMinutes(6));

        redeem(code).then().statusCode(410).body("code", equalTo("activation_expired"));
    }

    @Test
    void aProjectWithoutTheMobileAppHasNoActivationLinksAndRefusesMobileRegistrations() {
        String browserOnly = Registrations.createProject(keys, Map.of("mobileAllowed", false));

        create(browserOnly).then().statusCode(403).body("code", equalTo("channel_not_allowed"));
        given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", Registrations.randomAddress())
                .body(Map.of("clientId", browserOnly, "userId", "a@example.com", "channel", "mobile"))
                .post("/api/v1/registrations")
                .then()
                .statusCode(403)
                .body("code", equalTo("channel_not_allowed"));
        create("no-such-project").then().statusCode(404).body("code", equalTo("project_not_found"));
    }

    /** Reads the QR code of the SVG (unit squares) back with zxing, as a phone camera would. */
    static String decodeQr(String svg) throws Exception {
        Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertThat(size.find()).isTrue();
        int modules = Integer.parseInt(size.group(1));
        int scale = 4;
        int width = modules * scale;
        int[] pixels = new int[width * width];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        while (square.find()) {
            int x = Integer.parseInt(square.group(1));
            int y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * width + x * scale + dx] = 0xFF000000;
                }
            }
        }
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, width, pixels))))
                .getText();
    }
}
