package dev.zeropin.gateway.radius;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.zeropin.gateway.GatewayTestResources;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

@QuarkusTest
@GatewayTestResources
class RadiusListenerTest {

    @Inject
    RadiusListener listener;

    @Inject
    Vertx vertx;

    @Test
    void dropsWhatItDoesNotHandleAndKeepsListening() throws Exception {
        byte[] garbage = "definitely not RADIUS".getBytes();
        byte[] codeZero = HexFormat.of().parseHex("00010014" + "00".repeat(16));
        byte[] accessRequest = HexFormat.of().parseHex("01020014" + "11".repeat(16));
        // From an address that belongs to no RADIUS client.
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 0))) {
            socket.setSoTimeout(500);
            for (byte[] payload : new byte[][] {garbage, codeZero, new byte[0], accessRequest}) {
                socket.send(new DatagramPacket(
                        payload, payload.length, InetAddress.getLoopbackAddress(), listener.authPort()));
                assertThat(receive(socket)).as("no answer to a dropped packet").isNull();
            }
            socket.send(new DatagramPacket(
                    accessRequest, accessRequest.length, InetAddress.getLoopbackAddress(), listener.acctPort()));
            assertThat(receive(socket)).isNull();
        }

        assertThat(listener.isListening()).isTrue();
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("zeropin_radius_dropped_total{nas=\"unknown\",reason=\"unknown_client\"}"));
    }

    @Test
    void isReadyWhenItsPortsAndKafkaAreUp() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("radius-listeners", "kafka"));
    }

    @Test
    void namesTheBusyPortWhenItCannotBind() {
        int busy = listener.authPort();

        assertThatThrownBy(() -> RadiusListener.bind(
                        vertx.nettyEventLoopGroup(),
                        new ChannelInboundHandlerAdapter(),
                        "authentication",
                        "127.0.0.1",
                        busy))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UDP 127.0.0.1:" + busy)
                .hasMessageContaining("gateway.radius.auth-port");
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
        try {
            socket.receive(answer);
            return answer.getData();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
