package dev.zeropin.registration.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds admin API bodies for projects (an object mother: each test states only what matters). */
final class ProjectRequests {

    private final Map<String, Object> body = new HashMap<>();

    private ProjectRequests() {}

    /** A project with a fresh unique client id and a name; every other setting left to defaults. */
    static ProjectRequests aProject() {
        ProjectRequests request = new ProjectRequests();
        request.body.put("clientId", "p-" + UUID.randomUUID().toString().substring(0, 8));
        request.body.put("name", "Test project");
        return request;
    }

    ProjectRequests with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    ProjectRequests without(String field) {
        body.remove(field);
        return this;
    }

    ProjectRequests allowingDomains(String... domains) {
        body.put("allowedEmailDomains", List.of(domains));
        return this;
    }

    String clientId() {
        return (String) body.get("clientId");
    }

    Map<String, Object> body() {
        return Map.copyOf(body);
    }
}
