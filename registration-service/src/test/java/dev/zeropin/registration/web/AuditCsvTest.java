package dev.zeropin.registration.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zeropin.registration.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void quotesEveryFieldAndDisarmsSpreadsheetFormulas() {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.occurredAt = Instant.parse("2026-11-28T10:15:30Z");
        event.type = "radius.packet-dropped";
        event.nasName = "=HYPERLINK(\"http://evil\",\"x\")";
        event.detail = "say \"hi\", then\nleave";
        event.userId = "+1@example.com";
        event.sourceAddress = "@SUM(A1)";
        event.result = "dropped";

        String[] lines = AuditCsv.write(List.of(event)).split("\r\n", -1);

        assertThat(lines[0]).isEqualTo(AuditCsv.HEADER);
        assertThat(lines[1])
                .startsWith("\"2026-11-28T10:15:30Z\",\"radius.packet-dropped\",,\"'+1@example.com\",,")
                .contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")
                .contains("\"say \"\"hi\"\", then\nleave\"")
                .contains("\"'@SUM(A1)\"");
    }

    @Test
    void leavesOrdinaryValuesAsTheyAre() {
        assertThat(AuditCsv.field("alice@example.com")).isEqualTo("\"alice@example.com\"");
        assertThat(AuditCsv.field("-")).isEqualTo("\"'-\"");
        assertThat(AuditCsv.field("")).isEqualTo("\"\"");
        assertThat(AuditCsv.field(null)).isEmpty();
    }
}
