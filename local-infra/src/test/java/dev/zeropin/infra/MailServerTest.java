package dev.zeropin.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailServerTest {

    @TempDir
    Path mailbox;

    @Test
    void receivesOverSmtpAndWritesEachMessageAsAnEmlFile() throws Exception {
        try (MailServer server = MailServer.start(0, mailbox)) {
            send(server, "alice@example.com", "Your code");

            List<MimeMessage> received = server.awaitMessagesTo("alice@example.com", 1, Duration.ofSeconds(10));

            assertThat(received.get(0).getSubject()).isEqualTo("Your code");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (emlFiles().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(emlFiles()).hasSize(1);
            assertThat(Files.readString(emlFiles().get(0))).contains("Subject: Your code", "alice@example.com");
        }
    }

    @Test
    void separatesMessagesByRecipient() throws Exception {
        try (MailServer server = MailServer.start(0, null)) {
            send(server, "alice@example.com", "for alice");
            send(server, "bob@example.com", "for bob");

            server.awaitMessagesTo("bob@example.com", 1, Duration.ofSeconds(10));

            assertThat(server.messagesTo("alice@example.com")).hasSize(1);
            assertThat(server.messagesTo("bob@example.com").get(0).getSubject()).isEqualTo("for bob");
        }
    }

    @Test
    void refusesConnectionsWhileStoppedAndKeepsItsPortAndMessagesAcrossARestart() throws Exception {
        try (MailServer server = MailServer.start(0, null)) {
            send(server, "alice@example.com", "before");
            server.awaitMessagesTo("alice@example.com", 1, Duration.ofSeconds(10));
            int port = server.port();

            server.stop();
            assertThatThrownBy(() -> send(server, "alice@example.com", "while down"))
                    .isInstanceOf(MessagingException.class);
            server.restart();
            send(server, "alice@example.com", "after");

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.awaitMessagesTo("alice@example.com", 2, Duration.ofSeconds(10)))
                    .extracting(MimeMessage::getSubject)
                    .containsExactly("before", "after");
        }
    }

    private List<Path> emlFiles() throws Exception {
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
    }

    private static void send(MailServer server, String to, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", server.host());
        properties.put("mail.smtp.port", String.valueOf(server.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("zeropin@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("hello");
        Transport.send(message);
    }
}
