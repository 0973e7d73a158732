package dev.zeropin.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdminAuditTypeTest {

    @Test
    void everyCodeIsItsNameAsStoredBeforeTheEnumExisted() {
        assertThat(AdminAuditType.values())
                .allSatisfy(type -> assertThat(type.code())
                        .isEqualTo(
                                "admin." + type.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        assertThat(AdminAuditType.PROJECT_CREATED.code()).isEqualTo("admin.project-created");
        assertThat(AdminAuditType.RADIUS_SECRET_ROTATED.code()).isEqualTo("admin.radius-secret-rotated");
    }

    @Test
    void theConsoleGuideListsExactlyTheAuditTypes() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "console.md"));
        String section = guide.substring(guide.indexOf("## Audit of administrators"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Set<String> documented = new TreeSet<>();
        Matcher code = Pattern.compile("`(admin\\.[a-z-]+)`").matcher(section);
        while (code.find()) {
            documented.add(code.group(1));
        }

        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(AdminAuditType.values())
                        .map(AdminAuditType::code)
                        .toList());
    }
}
