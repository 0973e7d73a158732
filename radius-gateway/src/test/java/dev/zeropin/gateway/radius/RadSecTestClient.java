package dev.zeropin.gateway.radius;

import dev.zeropin.infra.keys.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A RadSec client for tests: a JDK TLS socket (TLS 1.2/1.3) with an optional client certificate,
 * trusting the gateway's CA, writing RADIUS packets and reading them back by their Length field.
 */
final class RadSecTestClient implements AutoCloseable {

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RadSecTestClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and completes the handshake from the client's side.
     *
     * @param identity the client certificate, or null to present none
     * @param serverCa the CA certificate that issued the gateway's certificate (PEM)
     */
    static RadSecTestClient connect(int port, CertificateAuthority.Issued identity, String serverCa)
            throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(serverCa));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManager[] keyManagers = identity == null
                    ? new KeyManager[0]
                    : new KeyManager[] {new PresentAlways(identity.certificate(), privateKey(identity.privateKeyPem()))
                    };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            socket.startHandshake();
            return new RadSecTestClient(socket);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet, or empty when the gateway closed the connection (or reset it) first. */
    Optional<byte[]> read(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] header = new byte[4];
            in.readFully(header);
            int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            byte[] packet = new byte[length];
            System.arraycopy(header, 0, packet, 0, 4);
            in.readFully(packet, 4, length - 4);
            return Optional.of(packet);
        } catch (EOFException | javax.net.ssl.SSLException | java.net.SocketException e) {
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and no close within " + timeoutMillis + " ms", e);
        }
    }

    /** True when the gateway closes the connection within {@code timeoutMillis} (what it sent before is skipped). */
    static boolean closedWithin(InputStream in, Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return true;
        }
    }

    boolean closedWithin(int timeoutMillis) throws IOException {
        return closedWithin(in, socket, timeoutMillis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Presents its certificate whatever CAs the server names (the JDK's own key manager would send
     * none when the issuer is not among them, hiding the untrusted-certificate case).
     */
    private static final class PresentAlways extends X509ExtendedKeyManager {
        private final X509Certificate certificate;
        private final PrivateKey key;

        PresentAlways(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return "nas";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return "nas";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {certificate};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"nas"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
