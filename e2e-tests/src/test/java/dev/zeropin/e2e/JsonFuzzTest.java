package dev.zeropin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeropin.infra.local.LocalStack;
import dev.zeropin.infra.local.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every JSON endpoint of every service, found in the services' own OpenAPI documents, receives
 * malformed, oversized, wrong-typed and Unicode-edge bodies with valid credentials, so that the
 * bodies reach the parsing and validation code. No answer may be a 5xx, every refusal must be
 * {@code application/problem+json} with a stable snake_case code, and every service stays ready.
 */
class JsonFuzzTest {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("fuzz");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One JSON operation of a service. */
    record Operation(ServiceProcess service, String method, String path, List<String> fields, List<String> security) {}

    /** A body to send and what it is, for the failure message. */
    record Body(String name, byte[] bytes) {
        static Body of(String name, String text) {
            return new Body(name, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyJsonEndpointAnswersBadBodiesWithAProblemAndNeverA5xx() throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (ServiceProcess service : List.of(
                product.stack().registration(),
                product.stack().otp(),
                product.stack().gateway())) {
            operations.addAll(jsonOperations(service));
        }
        assertThat(operations)
                .as("JSON operations found in the OpenAPI documents")
                .hasSizeGreaterThanOrEqualTo(10);

        int sent = 0;
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Operation operation : operations) {
            for (Body body : bodiesFor(operation.fields())) {
                HttpResponse<String> response;
                try {
                    response = send(operation, body, "application/json");
                } catch (java.io.IOException e) {
                    failures.add(operation.method() + " " + operation.path() + " with " + body.name() + ": no answer ("
                            + e.getMessage() + ")");
                    continue;
                }
                sent++;
                statuses.merge(response.statusCode(), 1, Integer::sum);
                String problem = judge(response);
                if (problem != null) {
                    failures.add(operation.method() + " " + operation.path() + " with " + body.name() + ": " + problem);
                }
            }
            HttpResponse<String> wrongType = send(operation, Body.of("text body", "hello"), "text/plain");
            sent++;
            String problem = judge(wrongType);
            if (problem != null || wrongType.statusCode() < 400) {
                failures.add(operation.method() + " " + operation.path() + " as text/plain: "
                        + (problem != null ? problem : "accepted with " + wrongType.statusCode()));
            }
        }
        System.out.printf(
                "JSON fuzz: %d operations, %d requests, statuses %s, failures %d%n",
                operations.size(), sent, statuses, failures.size());

        assertThat(failures).as("answers that are 5xx or not a problem").isEmpty();
        for (ServiceProcess service : List.of(
                product.stack().registration(),
                product.stack().otp(),
                product.stack().gateway())) {
            assertThat(get(service.baseUrl().resolve("/q/health/ready")).statusCode())
                    .as(service.name() + " still ready")
                    .isEqualTo(200);
        }
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private static String judge(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "status " + status + " " + abbreviate(response.body());
        }
        if (status < 400) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "status " + status + " with Content-Type '" + type + "'";
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            String code = problem.path("code").asText("");
            if (!CODE.matcher(code).matches() || problem.path("status").asInt() != status) {
                return "problem without a stable code or with a wrong status: " + abbreviate(response.body());
            }
            String text = response.body();
            if (text.contains("Exception") || text.contains("at dev.zeropin") || text.contains("org.hibernate")) {
                return "problem leaks internals: " + abbreviate(text);
            }
        } catch (IOException e) {
            return "problem body is not JSON: " + abbreviate(response.body());
        }
        return null;
    }

    private List<Operation> jsonOperations(ServiceProcess service) throws Exception {
        JsonNode document = JSON.readTree(
                get(service.baseUrl().resolve("/q/openapi?format=json")).body());
        JsonNode schemas = document.path("components").path("schemas");
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode content = method.getValue().path("requestBody").path("content");
                if (!content.has("application/json")) {
                    continue;
                }
                JsonNode schema = content.path("application/json").path("schema");
                List<String> fields = new ArrayList<>();
                if (schema.has("$ref")) {
                    String name = schema.get("$ref").asText().replaceAll(".*/", "");
                    schemas.path(name).path("properties").fieldNames().forEachRemaining(fields::add);
                }
                List<String> security = new ArrayList<>();
                method.getValue()
                        .path("security")
                        .forEach(requirement -> requirement.fieldNames().forEachRemaining(security::add));
                operations.add(new Operation(
                        service, method.getKey().toUpperCase(), concrete(path.getKey()), fields, security));
            }
        }
        return operations;
    }

    /** A path with its parameters filled in with plausible values. */
    private static String concrete(String template) {
        return template.replace("{clientId}", LocalStack.DEMO_PROJECT)
                .replaceAll("\\{id}", UUID.randomUUID().toString())
                .replaceAll("\\{[^}]+}", "00");
    }

    private static List<Body> bodiesFor(List<String> fields) {
        List<Body> bodies = new ArrayList<>(List.of(
                Body.of("an empty body", ""),
                Body.of("an unterminated object", "{"),
                Body.of("a truncated member", "{\"a\":"),
                Body.of("null", "null"),
                Body.of("an array", "[]"),
                Body.of("a number", "42"),
                Body.of("a string", "\"x\""),
                Body.of("trailing garbage", "{} {}"),
                Body.of("a huge number", "{\"n\": 1e999999}"),
                Body.of("deep nesting", "[".repeat(100_000)),
                Body.of("a 1 MB body", "{\"x\":\"" + "a".repeat(1 << 20) + "\"}"),
                new Body("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'}),
                Body.of("duplicate keys", "{\"a\":1,\"a\":2}")));
        for (String field : fields) {
            for (Map.Entry<String, Object> wrong : wrongValues().entrySet()) {
                ObjectNode body = plausible(fields);
                body.set(field, JSON.valueToTree(wrong.getValue()));
                bodies.add(Body.of(field + " as " + wrong.getKey(), body.toString()));
            }
            for (Map.Entry<String, String> edge : unicodeEdges().entrySet()) {
                String text = plausible(fields).toString();
                String replaced = text.replaceFirst(
                        "\"" + Pattern.quote(field) + "\":\"[^\"]*\"", "\"" + field + "\":\"" + edge.getValue() + "\"");
                bodies.add(Body.of(field + " with " + edge.getKey(), replaced));
            }
        }
        return bodies;
    }

    /** Every field a short plausible string, so that one wrong field is the only problem. */
    private static ObjectNode plausible(List<String> fields) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        fields.forEach(field -> body.put(field, "demo"));
        return body;
    }

    private static Map<String, Object> wrongValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("a number", 12345);
        values.put("a negative number", -1);
        values.put("a boolean", true);
        values.put("an array", List.of("a", 1));
        values.put("an object", Map.of("nested", Map.of("deeper", "x")));
        values.put("null", null);
        values.put("a 100 kB string", "z".repeat(100_000));
        return values;
    }

    /** JSON string contents (already escaped where JSON needs it). */
    private static Map<String, String> unicodeEdges() {
        Map<String, String> edges = new LinkedHashMap<>();
        edges.put("a lone surrogate", "\\ud800");
        edges.put("a NUL character", "\\u0000");
        edges.put("a right-to-left override", "a\\u202eb@example.com");
        edges.put("an emoji", "\uD83D\uDD11@example.com");
        edges.put("1000 combining marks", "a" + "\u0301".repeat(1000));
        edges.put("a line break", "a\\r\\nb");
        edges.put("HTML", "<script>alert(1)</script>");
        return edges;
    }

    private HttpResponse<String> send(Operation operation, Body body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        operation.service().baseUrl().resolve(operation.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .method(operation.method(), HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        String token = tokenFor(operation);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Valid credentials for the operation, so that its body is really read. */
    private static String tokenFor(Operation operation) {
        if (operation.security().contains("adminToken")) {
            return product.stack().keys().adminToken("fuzz@example.com", Duration.ofMinutes(10));
        }
        if (operation.security().contains("serviceToken")) {
            return Users.serviceToken(product.stack());
        }
        return null;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
