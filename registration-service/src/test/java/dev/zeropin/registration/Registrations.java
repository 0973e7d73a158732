package dev.zeropin.registration;

import static io.restassured.RestAssured.given;

import dev.zeropin.infra.MailServer;
import dev.zeropin.infra.keys.KeyRing;
import dev.zeropin.mpin.MpinId;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test steps of a registration, as a device and its user perform them. */
public final class Registrations {

    private static final Pattern CODE = Pattern.compile("code:\\s*(\\d{8})");
    private static final Pattern LINK = Pattern.compile("(http\\S+/otpgen/verify\\?\\S+#token=([A-Za-z0-9_-]+))");

    /** The start of the verification e-mail's subject. */
    public static final String VERIFICATION_SUBJECT = "Verify your e-mail address";

    /** The start of the subject of a notice of an unfinished registration. */
    public static final String NOTICE_SUBJECT = "A registration of your e-mail address";

    private Registrations() {}

    /** An identity assertion as otp-service signs it after a PIN proof for {@code purpose}. */
    public static String assertion(KeyRing keys, String mpinId, String purpose) {
        MpinId id = MpinId.parse(mpinId);
        return keys.signingKey(KeyRing.ASSERTION_SIGNING)
                .signJwt(
                        "zeropin-otp",
                        "zeropin-registration",
                        mpinId,
                        List.of(),
                        Duration.ofMinutes(2),
                        Map.of("clientId", id.clientId(), "userId", id.userId(), "purpose", purpose));
    }

    /** Creates a project through the admin API; returns its client id. */
    public static String createProject(KeyRing keys, Map<String, Object> settings) {
        String clientId = "r-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(settings);
        body.put("clientId", clientId);
        body.putIfAbsent("name", "Registration test");
        given().auth()
                .oauth2(keys.adminToken("ops@example.com", Duration.ofMinutes(5)))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/projects")
                .then()
                .statusCode(201);
        return clientId;
    }

    /** A new User ID of its own, so that the budgets of tests do not mix. */
    public static String newUserId() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A private address of its own (X-Forwarded-For), so that rate limits of tests do not mix. */
    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    public static Response start(String clientId, String userId, String address) {
        return given().contentType(ContentType.JSON)
                .header("X-Forwarded-For", address)
                .body(Map.of("clientId", clientId, "userId", userId))
                .post("/api/v1/registrations");
    }

    public static Response verifyCode(String registrationId, String code) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/api/v1/registrations/" + registrationId + "/verification");
    }

    public static Response verifyLink(String registrationId, String linkToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("linkToken", linkToken))
                .post("/api/v1/registrations/" + registrationId + "/verification");
    }

    public static Response statusOf(String registrationId) {
        return given().get("/api/v1/registrations/" + registrationId);
    }

    public static Response createIdentity(String activationToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("activationToken", activationToken, "deviceLabel", "Test device"))
                .post("/api/v1/identities");
    }

    /**
     * The text of the newest verification e-mail to {@code userId}, waiting up to ten seconds until
     * {@code expectedCount} of them arrived (notices of unfinished registrations are not counted).
     */
    public static String newestMail(MailServer mail, String userId, int expectedCount) {
        List<MimeMessage> messages = awaitMails(mail, userId, VERIFICATION_SUBJECT, expectedCount);
        return text(messages.get(messages.size() - 1));
    }

    /** The notices of unfinished registrations received so far by {@code userId}. */
    public static List<MimeMessage> notices(MailServer mail, String userId) {
        return mailsWithSubject(mail, userId, NOTICE_SUBJECT);
    }

    /** Waits up to 20 seconds until {@code count} e-mails whose subject starts so arrived for {@code userId}. */
    public static List<MimeMessage> awaitMails(MailServer mail, String userId, String subjectStart, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<MimeMessage> messages = mailsWithSubject(mail, userId, subjectStart);
        while (messages.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            messages = mailsWithSubject(mail, userId, subjectStart);
        }
        if (messages.size() < count) {
            throw new AssertionError("no " + count + " e-mail(s) '" + subjectStart + "…' for " + userId);
        }
        return messages;
    }

    private static List<MimeMessage> mailsWithSubject(MailServer mail, String userId, String subjectStart) {
        return mail.messagesTo(userId).stream()
                .filter(message -> {
                    try {
                        return message.getSubject() != null
                                && message.getSubject().startsWith(subjectStart);
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    /** The verification code in an e-mail, or null. */
    public static String codeIn(String mail) {
        Matcher matcher = CODE.matcher(mail);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The link token in an e-mail, or null. */
    public static String linkTokenIn(String mail) {
        Matcher matcher = LINK.matcher(mail);
        return matcher.find() ? matcher.group(2) : null;
    }

    /** Registers, verifies by code and returns the identity response. */
    public static Response registerAndCreateIdentity(MailServer mail, String clientId, String userId) {
        int before = mailsWithSubject(mail, userId, VERIFICATION_SUBJECT).size();
        String registrationId = start(clientId, userId, randomAddress())
                .then()
                .statusCode(202)
                .extract()
                .path("registrationId");
        String code = codeIn(newestMail(mail, userId, before + 1));
        String token = verifyCode(registrationId, code)
                .then()
                .statusCode(200)
                .extract()
                .path("activationToken");
        return createIdentity(token);
    }

    /** The plain text of an e-mail. */
    public static String text(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof MimeMultipart multipart) {
                StringBuilder text = new StringBuilder();
                collect(multipart, text);
                return text.toString();
            }
            return String.valueOf(content);
        } catch (Exception e) {
            throw new AssertionError("unreadable e-mail", e);
        }
    }

    private static void collect(MimeMultipart multipart, StringBuilder text) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            Object content = part.getContent();
            if (content instanceof MimeMultipart nested) {
                collect(nested, text);
            } else if (part.isMimeType("text/plain")) {
                text.append(content).append('\n');
            }
        }
    }
}
