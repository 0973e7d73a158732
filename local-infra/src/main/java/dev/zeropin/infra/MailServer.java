package dev.zeropin.infra;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * A real SMTP server in this JVM (GreenMail). Every message it receives can also be written to a
 * mailbox folder as an {@code .eml} file, which is how the local mode shows its e-mails.
 */
public final class MailServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MailServer.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final RestartableGreenMail greenMail;
    private final Path mailbox;
    private ScheduledExecutorService writer;
    private int written;

    private MailServer(int port, Path mailbox) {
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        this.greenMail = new RestartableGreenMail(port == 0 ? smtp.dynamicPort() : smtp);
        this.mailbox = mailbox;
    }

    /** Starts an SMTP server on {@code port} (0: a free one), writing {@code .eml} files to {@code mailbox} if set. */
    public static MailServer start(int port, Path mailbox) {
        MailServer server = new MailServer(port, mailbox);
        server.greenMail.start();
        server.greenMail.pinPort();
        if (mailbox != null) {
            try {
                Files.createDirectories(mailbox);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "zeropin-mailbox-writer");
                thread.setDaemon(true);
                return thread;
            });
            server.writer.scheduleWithFixedDelay(server::writeNewMessages, 200, 200, TimeUnit.MILLISECONDS);
        }
        LOG.infof("SMTP server listening on 127.0.0.1:%d", server.port());
        return server;
    }

    public int port() {
        return greenMail.port();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** Every message received so far for one recipient, oldest first. */
    public List<MimeMessage> messagesTo(String recipient) {
        return messages().stream().filter(sentTo(recipient)).toList();
    }

    /**
     * Waits until at least {@code count} messages have arrived for {@code recipient}.
     *
     * @throws IllegalStateException when they do not arrive in time
     */
    public List<MimeMessage> awaitMessagesTo(String recipient, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> received = messagesTo(recipient);
            if (received.size() >= count) {
                return received;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no " + count + " message(s) for " + recipient + " within " + timeout);
    }

    private static Predicate<MimeMessage> sentTo(String recipient) {
        return message -> {
            try {
                return Arrays.stream(message.getAllRecipients())
                        .anyMatch(address -> address.toString().equalsIgnoreCase(recipient));
            } catch (MessagingException e) {
                return false;
            }
        };
    }

    private synchronized void writeNewMessages() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        for (; written < received.length; written++) {
            MimeMessage message = received[written];
            Path file = mailbox.resolve(FILE_TIME.format(Instant.now()) + "-" + (written + 1) + ".eml");
            // Written beside it and then renamed: whoever lists the folder sees whole messages only.
            Path partial = mailbox.resolve(file.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                message.writeTo(out);
                out.close();
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | MessagingException e) {
                LOG.warnf("could not write e-mail to %s: %s", file, e.getMessage());
            }
        }
    }

    /**
     * Stops accepting connections, as an SMTP server that is down: clients get "connection refused".
     * The messages received so far stay; {@link #restart()} listens again on the same port.
     */
    public synchronized void stop() {
        greenMail.stop();
        LOG.info("SMTP server stopped");
    }

    /** Listens again on the same port after {@link #stop()}, with the messages received before; no-op when up. */
    public synchronized void restart() {
        if (greenMail.isRunning()) {
            return;
        }
        greenMail.start();
        LOG.infof("SMTP server listening again on 127.0.0.1:%d", port());
    }

    /** A GreenMail that keeps its port and its mailboxes across stop and start. */
    private static final class RestartableGreenMail extends GreenMail {

        RestartableGreenMail(ServerSetup setup) {
            super(setup);
        }

        void pinPort() {
            config = new ServerSetup[] {
                new ServerSetup(getSmtp().getPort(), config[0].getBindAddress(), config[0].getProtocol())
            };
        }

        int port() {
            return config[0].getPort();
        }

        @Override
        public synchronized void stop() {
            Managers kept = managers;
            super.stop();
            managers = kept;
        }
    }

    /** Removes every received message (tests that count messages start from zero). */
    public synchronized void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
            written = 0;
        } catch (Exception e) {
            throw new IllegalStateException("could not purge mailboxes", e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
            writeNewMessages();
        }
        greenMail.stop();
    }
}
