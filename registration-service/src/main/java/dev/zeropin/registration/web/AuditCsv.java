package dev.zeropin.registration.web;

import dev.zeropin.registration.AuditEvent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The audit trail as CSV (RFC 4180) for spreadsheets. Every field is quoted, and a field that a
 * spreadsheet would run as a formula (starting with {@code = + - @}, tab or carriage return) gets a
 * leading apostrophe: User IDs and NAS names come from outside and must not become formulas.
 */
final class AuditCsv {

    static final String HEADER =
            "occurred_at,type,client_id,user_id,mpin_id,nas_name,result,detail,source_address,latency_micros";

    private AuditCsv() {}

    static String write(List<AuditEvent> events) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEvent event : events) {
            List<String> fields = Arrays.asList(
                    event.occurredAt == null ? null : event.occurredAt.toString(),
                    event.type,
                    event.clientId,
                    event.userId,
                    event.mpinId,
                    event.nasName,
                    event.result,
                    event.detail,
                    event.sourceAddress,
                    event.latencyMicros == null ? null : event.latencyMicros.toString());
            csv.append(fields.stream().map(AuditCsv::field).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }
}
