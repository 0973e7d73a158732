package dev.zeropin.e2e;

import static io.restassured.RestAssured.given;

import dev.zeropin.infra.local.ServiceProcess;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's Prometheus metrics, read the way a monitoring system reads them. */
final class Metrics {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private Metrics() {}

    static String scrape(ServiceProcess service) {
        return given().baseUri(service.baseUrl().toString())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The sum of every sample of {@code name} whose labels include all of {@code labels}. */
    static double sum(String text, String name, Map<String, String> labels) {
        double total = 0;
        Matcher matcher = SAMPLE.matcher(text);
        while (matcher.find()) {
            if (!matcher.group(1).equals(name)) {
                continue;
            }
            String labelText = matcher.group(2) == null ? "" : matcher.group(2);
            boolean all = labels.entrySet().stream()
                    .allMatch(label -> labelText.contains(label.getKey() + "=\"" + label.getValue() + "\""));
            if (all) {
                total += Double.parseDouble(matcher.group(3));
            }
        }
        return total;
    }

    static double sum(ServiceProcess service, String name, Map<String, String> labels) {
        return sum(scrape(service), name, labels);
    }
}
