package dev.zeropin.registration.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.testing.InjectKeys;
import dev.zeropin.registration.RegistrationTestResources;
import dev.zeropin.registration.Registrations;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pages of the OTP generation link, as HTTP sees them (the browser tests drive them in Chromium). */
@QuarkusTest
@RegistrationTestResources
class OtpGenResourceTest {

    @InjectKeys
    KeyRing keys;

    @Test
    void servesTheLandingPageWithItsSecurityHeaders() {
        String clientId = Registrations.createProject(keys, Map.of("name", "Acme VPN"));

        given().get("/otpgen?client_id=" + clientId)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header(
                        "Content-Security-Policy",
                        allOf(
                                containsString("default-src 'none'"),
                                containsString("script-src 'self' 'sha256-"),
                                containsString("frame-ancestors 'none'"),
                                containsString("connect-src 'self' http://localhost:8081"),
                                not(containsString("unsafe-inline"))))
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<h1 class=\"project\">Acme VPN</h1>"))
                .body(containsString("<script type=\"importmap\">" + BrowserPolicy.IMPORT_MAP + "</script>"))
                .body(not(containsString("<script>")));
    }

    @Test
    void theImportMapHashInThePolicyMatchesTheImportMap() {
        String clientId = Registrations.createProject(keys, Map.of());

        given().get("/otpgen/register?client_id=" + clientId)
                .then()
                .header("Content-Security-Policy", containsString(BrowserPolicy.hash(BrowserPolicy.IMPORT_MAP)));
    }

    @Test
    void escapesWhatItShows() {
        String clientId = Registrations.createProject(keys, Map.of("name", "<script>alert(1)</script>"));

        given().get("/otpgen?client_id=" + clientId)
                .then()
                .statusCode(200)
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(not(containsString("<script>alert(1)")));
    }

    @Test
    void answersUnknownMalformedDisabledAndPhoneOnlyProjectsWithAClearPage() {
        given().get("/otpgen?client_id=no-such-project")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("Unknown project"));
        given().get("/otpgen?client_id=%3Cscript%3E").then().statusCode(400).body(containsString("not valid"));
        given().get("/otpgen").then().statusCode(400);
        String disabled = Registrations.createProject(keys, Map.of("enabled", false));
        given().get("/otpgen/otp?client_id=" + disabled)
                .then()
                .statusCode(403)
                .body(containsString("Project disabled"));
        String phoneOnly = Registrations.createProject(keys, Map.of("browserAllowed", false));
        given().get("/otpgen?client_id=" + phoneOnly).then().statusCode(403).body(containsString("phones only"));
    }

    @Test
    void speaksGermanWhenTheBrowserAsksForIt() {
        String clientId = Registrations.createProject(keys, Map.of());

        given().header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
                .get("/otpgen?client_id=" + clientId)
                .then()
                .statusCode(200)
                .body(containsString("<html lang=\"de\">"))
                .body(containsString("Benutzer-ID registrieren"));
        given().header("Accept-Language", "fr-FR")
                .get("/otpgen?client_id=" + clientId)
                .then()
                .body(containsString("<html lang=\"en\">"));
    }

    @Test
    void servesTheBrowsersMpinLibrariesFromThisService() {
        given().get("/vendor/noble-curves/bls12-381.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"));
        given().get("/js/mpin.js").then().statusCode(200).body(containsString("@noble/curves/bls12-381.js"));
        given().get("/css/zeropin.css").then().statusCode(200).header("Cache-Control", not(equalTo("no-store")));
    }
}
