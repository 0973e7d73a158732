package dev.zeropin.otp.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test vectors of RFC 2759 §9.2 and RFC 3079 §3.5.3 (128-bit keys). */
class MsChapV2Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final String USER = "User";
    private static final byte[] PASSWORD = "clientPass".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AUTHENTICATOR_CHALLENGE = hex("5B5D7C7D7B3F2F3E3C2C602132262628");
    private static final byte[] PEER_CHALLENGE = hex("21402324255E262A28295F2B3A337C7E");
    private static final byte[] NT_RESPONSE = hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");

    private static byte[] hex(String text) {
        return HEX.parseHex(text);
    }

    @Test
    void computesTheIntermediateValuesOfRfc2759() {
        assertThat(MsChapV2.challengeHash(PEER_CHALLENGE, AUTHENTICATOR_CHALLENGE, USER))
                .isEqualTo(hex("D02E4386BCE91226"));
        byte[] passwordHash = MsChapV2.ntPasswordHash(PASSWORD);
        assertThat(passwordHash).isEqualTo(hex("44EBBA8D5312B8D611474411F56989AE"));
        assertThat(MsChapV2.md4(passwordHash)).isEqualTo(hex("41C00C584BD2D91C4017A2A12FA59F3F"));
        assertThat(MsChapV2.generateNtResponse(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, USER, passwordHash))
                .isEqualTo(NT_RESPONSE);
    }

    @Test
    void acceptsTheRightPasswordAndAnswersTheAuthenticatorResponseOfRfc2759() {
        MsChapV2.Attempt attempt = new MsChapV2.Attempt(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, NT_RESPONSE, USER);

        assertThat(attempt.matches(PASSWORD)).isTrue();
        assertThat(attempt.success(PASSWORD).authenticatorResponse())
                .isEqualTo("S=407A5589115FD0D6209F510FE9C04566932CDA56");
    }

    @Test
    void refusesAnotherPasswordAnotherUserOrAnotherChallenge() {
        assertThat(new MsChapV2.Attempt(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, NT_RESPONSE, USER)
                        .matches("clientPasS".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(new MsChapV2.Attempt(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, NT_RESPONSE, "Usr").matches(PASSWORD))
                .isFalse();
        assertThat(new MsChapV2.Attempt(PEER_CHALLENGE, AUTHENTICATOR_CHALLENGE, NT_RESPONSE, USER).matches(PASSWORD))
                .isFalse();
    }

    /**
     * The weakness that docs/security.md states (issue 16, item 10): one recorded exchange is enough
     * to test OTP candidates offline, without a single request to otp-service. The search is kept to
     * the first 20,000 of the 10^6 six-digit codes so that the test stays quick.
     */
    @Test
    void aRecordedExchangeLetsAnEavesdropperSearchForTheOtpOffline() {
        String otp = String.format("%06d", new java.security.SecureRandom().nextInt(20_000));
        byte[] authenticatorChallenge = hex("00112233445566778899AABBCCDDEEFF");
        byte[] peerChallenge = hex("FFEEDDCCBBAA99887766554433221100");
        byte[] recorded = MsChapV2.peerNtResponse(
                authenticatorChallenge, peerChallenge, "alice@example.com", otp.getBytes(StandardCharsets.US_ASCII));
        MsChapV2.Attempt exchange =
                new MsChapV2.Attempt(authenticatorChallenge, peerChallenge, recorded, "alice@example.com");

        String found = null;
        for (int candidate = 0; candidate < 20_000 && found == null; candidate++) {
            String guess = String.format("%06d", candidate);
            if (exchange.matches(guess.getBytes(StandardCharsets.US_ASCII))) {
                found = guess;
            }
        }

        assertThat(found).isEqualTo(otp);
    }

    @Test
    void ignoresTheDomainPrefixOfTheUserName() {
        assertThat(new MsChapV2.Attempt(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, NT_RESPONSE, "EXAMPLE\\User")
                        .matches(PASSWORD))
                .isTrue();
    }

    @Test
    void derivesTheMppeKeysOfRfc3079() {
        byte[] passwordHashHash = hex("41C00C584BD2D91C4017A2A12FA59F3F");
        byte[] masterKey = MsChapV2.masterKey(passwordHashHash, NT_RESPONSE);
        assertThat(masterKey).isEqualTo(hex("FDECE3717A8C838CB388E527AE3CDD31"));
        // RFC 3079 §3.5.3 derives SendStartKey128 from the server's side (IsSend, IsServer).
        assertThat(MsChapV2.asymmetricStartKey(masterKey, 16, true, true))
                .isEqualTo(hex("8B7CDC149B993A1BA118CB153F56DCCB"));

        MsChapV2.Success success =
                new MsChapV2.Attempt(AUTHENTICATOR_CHALLENGE, PEER_CHALLENGE, NT_RESPONSE, USER).success(PASSWORD);
        assertThat(success.masterSendKey()).isEqualTo(hex("8B7CDC149B993A1BA118CB153F56DCCB"));
        // The server's receive key is the client's send key: the other magic constant.
        assertThat(success.masterReceiveKey())
                .hasSize(16)
                .isEqualTo(MsChapV2.asymmetricStartKey(masterKey, 16, true, false))
                .isNotEqualTo(success.masterSendKey());
    }
}
