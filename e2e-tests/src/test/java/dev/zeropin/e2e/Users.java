package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;

import dev.zeropin.client.StoredIdentity;
import dev.zeropin.client.ZeroPinClient;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.internal.otp.InternalOtpApi;
import dev.zeropin.internal.otp.NasSession;
import dev.zeropin.internal.otp.VerifyRequest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A user of the running product, acting through the reference client and reading their e-mail. */
final class Users {

    private static final Pattern CODE = Pattern.compile("code:\\s*(\\d{8})");
    private static final Pattern LINK_TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]+)");

    private Users() {}

    static String newUserId() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static ZeroPinClient client(LocalStack stack) {
        return new ZeroPinClient(stack.registration().baseUrl());
    }

    /** Registers {@code userId} in the demo project (verification by code) and enrols {@code pin}. */
    static StoredIdentity register(LocalStack stack, String userId, int pin) {
        return register(stack, LocalStack.DEMO_PROJECT, userId, pin);
    }

    static StoredIdentity register(LocalStack stack, String clientId, String userId, int pin) {
        ZeroPinClient client = client(stack);
        int before = stack.mail().messagesTo(userId).size();
        ZeroPinClient.Registration registration = client.startRegistration(clientId, userId);
        String code = codeIn(newestMail(stack, userId, before + 1));
        String activation = client.verifyCode(registration.registrationId(), code);
        return ZeroPinClient.enrol(client.createIdentity(activation, "e2e"), pin);
    }

    static String newestMail(LocalStack stack, String userId, int count) {
        List<MimeMessage> messages = stack.mail().awaitMessagesTo(userId, count, Duration.ofSeconds(15));
        return text(messages.get(messages.size() - 1));
    }

    static String codeIn(String mail) {
        Matcher matcher = CODE.matcher(mail);
        if (!matcher.find()) {
            throw new AssertionError("no code in:\n" + mail);
        }
        return matcher.group(1);
    }

    static String linkTokenIn(String mail) {
        Matcher matcher = LINK_TOKEN.matcher(mail);
        if (!matcher.find()) {
            throw new AssertionError("no link in:\n" + mail);
        }
        return matcher.group(1);
    }

    /** What radius-gateway asks otp-service for a PAP password; returns the JSON answer's result. */
    static String verifyOverInternalApi(LocalStack stack, String clientId, String userId, String password) {
        return given().baseUri(stack.otp().baseUrl().toString())
                .auth()
                .oauth2(serviceToken(stack))
                .contentType(ContentType.JSON)
                .body(VerifyRequest.pap(clientId, userId, password, NasSession.of("e2e")))
                .post(InternalOtpApi.VERIFY_PATH)
                .then()
                .statusCode(200)
                .extract()
                .path("result");
    }

    static String serviceToken(LocalStack stack) {
        return stack.keys()
                .signingKey(KeyRing.GATEWAY_SIGNING)
                .signJwt(
                        "zeropin-radius-gateway",
                        "zeropin-otp-internal",
                        "radius-gateway",
                        List.of("otp-verifier"),
                        Duration.ofMinutes(5),
                        Map.of());
    }

    private static String text(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof MimeMultipart multipart) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    Object part = multipart.getBodyPart(i).getContent();
                    if (part instanceof MimeMultipart nested) {
                        for (int j = 0; j < nested.getCount(); j++) {
                            text.append(nested.getBodyPart(j).getContent()).append('\n');
                        }
                    } else {
                        text.append(part).append('\n');
                    }
                }
                return text.toString();
            }
            return String.valueOf(content);
        } catch (Exception e) {
            throw new AssertionError("unreadable e-mail", e);
        }
    }
}
