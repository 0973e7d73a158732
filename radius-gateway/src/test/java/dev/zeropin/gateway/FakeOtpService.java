package dev.zeropin.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for otp-service in the gateway's own tests, where timing faults (slow, absent) must be
 * provoked at will; the real otp-service is used by the end-to-end tests. It accepts a credential
 * once (a PAP password, a CHAP response or an MS-CHAPv2 NT-Response, as registered by the test) and
 * records every request it gets.
 */
public final class FakeOtpService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Map<String, String>> accepted = new ConcurrentHashMap<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean batchCall =
            new java.util.concurrent.atomic.AtomicBoolean(true);
    private volatile String acceptMessage = "Welcome";

    private FakeOtpService(HttpServer server) {
        this.server = server;
    }

    public static FakeOtpService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeOtpService fake = new FakeOtpService(server);
            server.createContext(
                    "/internal/v1/otp/verify", exchange -> fake.handle(exchange, List::of, answers -> answers.get(0)));
            server.createContext("/internal/v1/otp/verify-batch", exchange -> {
                if (!fake.batchCall.get()) {
                    try (exchange) {
                        exchange.sendResponseHeaders(404, -1);
                    }
                    return;
                }
                fake.handle(
                        exchange,
                        batch -> {
                            List<JsonNode> requests = new java.util.ArrayList<>();
                            batch.path("requests").forEach(requests::add);
                            fake.batchSizes.add(requests.size());
                            return requests;
                        },
                        answers -> Map.of("answers", answers));
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the requests of a call, waits the delay, checks the token and answers each. */
    private void handle(
            com.sun.net.httpserver.HttpExchange exchange,
            java.util.function.Function<JsonNode, List<JsonNode>> requestsOf,
            java.util.function.Function<List<Map<String, Object>>, Object> bodyOf)
            throws IOException {
        try (exchange) {
            List<JsonNode> received = requestsOf.apply(JSON.readTree(exchange.getRequestBody()));
            requests.addAll(received);
            long delay = delayMillis.get();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            if (!exchange.getRequestHeaders().getFirst("Authorization").startsWith("Bearer ey")) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = JSON.writeValueAsBytes(
                    bodyOf.apply(received.stream().map(this::answer).toList()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> answer(JsonNode request) {
        String credential = credentialOf(request);
        Map<String, String> extra = credential == null ? null : accepted.remove(credential);
        if (extra == null) {
            return Map.of("result", "REJECT", "reason", "invalid_otp", "replyMessage", "Wrong or expired code");
        }
        Map<String, Object> answer = new java.util.HashMap<>();
        if (!extra.isEmpty()) {
            answer.put("msChapV2", extra);
        }
        answer.put("result", "ACCEPT");
        answer.put("reason", "accepted");
        answer.put("replyMessage", acceptMessage);
        return answer;
    }

    /** The credential as registered by the test: binary values arrive in base64, are looked up in hex. */
    private static String credentialOf(JsonNode request) {
        JsonNode credential = request.path("credential");
        return switch (credential.path("type").asText()) {
            case "chap" -> "chap:" + hex(credential.path("response"));
            case "mschapv2" -> "mschapv2:" + hex(credential.path("ntResponse"));
            case "pap" -> "pap:" + credential.path("password").asText();
            default -> null;
        };
    }

    private static String hex(JsonNode base64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64.asText()));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Accepts this PAP password once. */
    public void acceptPassword(String password) {
        accepted.put("pap:" + password, Map.of());
    }

    /** Accepts this CHAP response (hex) once. */
    public void acceptChapResponse(String hex) {
        accepted.put("chap:" + hex, Map.of());
    }

    /** Accepts this NT-Response (hex) once, answering the given MS-CHAPv2 values (keys in hex). */
    public void acceptNtResponse(String hex, String authenticatorResponse, String sendKey, String recvKey) {
        accepted.put(
                "mschapv2:" + hex,
                Map.of(
                        "authenticatorResponse",
                        authenticatorResponse,
                        "mppeSendKey",
                        base64(sendKey),
                        "mppeRecvKey",
                        base64(recvKey)));
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    public void delay(long millis) {
        delayMillis.set(millis);
    }

    /** The Reply-Message of Accepts (default "Welcome"). */
    public void acceptMessage(String message) {
        acceptMessage = message;
    }

    public void answerStatus(int code) {
        status.set(code);
    }

    /** The size of each batch call received, in order. */
    public List<Integer> batchSizes() {
        return batchSizes;
    }

    /** Answers the batch call with 404, as an otp-service older than the gateway would. */
    public void withoutBatchCall() {
        batchCall.set(false);
    }

    public List<JsonNode> requests() {
        return requests;
    }

    /** Back to normal: no delay, 200, nothing recorded. */
    public void reset() {
        delayMillis.set(0);
        status.set(200);
        acceptMessage = "Welcome";
        requests.clear();
        accepted.clear();
        batchSizes.clear();
        batchCall.set(true);
    }

    public String lastRequestText() {
        return requests.isEmpty()
                ? ""
                : new String(requests.get(requests.size() - 1).toString().getBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
