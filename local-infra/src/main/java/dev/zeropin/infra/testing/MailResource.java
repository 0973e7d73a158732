package dev.zeropin.infra.testing;

import dev.zeropin.infra.MailServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts a real SMTP server (GreenMail) for a Quarkus test and points {@code quarkus-mailer} at it. */
public class MailResource implements QuarkusTestResourceLifecycleManager {

    private MailServer server;

    @Override
    public Map<String, String> start() {
        server = MailServer.start(0, null);
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", server.host(),
                "quarkus.mailer.port", String.valueOf(server.port()),
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectMailServer.class, MailServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
