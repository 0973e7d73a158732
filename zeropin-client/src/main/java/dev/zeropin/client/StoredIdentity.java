package dev.zeropin.client;

/**
 * What a device keeps for one identity: never the client secret, never the PIN. The token alone
 * allows one online PIN guess per attempt and three attempts.
 *
 * @param mpinId the identity (hex)
 * @param token {@code CS − PIN·H(id)} (base64url)
 * @param hid {@code H(id)} as sent by the server (base64url)
 * @param userId the User ID
 * @param clientId the project
 * @param otpServiceUrl where pass 1 and pass 2 go
 */
public record StoredIdentity(
        String mpinId, String token, String hid, String userId, String clientId, String otpServiceUrl) {}
