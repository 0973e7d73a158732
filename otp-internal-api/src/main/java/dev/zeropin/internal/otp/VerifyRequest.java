package dev.zeropin.internal.otp;

/**
 * One password to check for a user of a project.
 *
 * @param clientId the project of the NAS
 * @param userId the User-Name as the NAS sent it (otp-service normalises it)
 * @param method how the NAS presented it
 * @param credential what proves knowledge of the OTP
 * @param nas where the request came from
 */
public record VerifyRequest(String clientId, String userId, AuthMethod method, Credential credential, NasSession nas) {

    /** A PAP request. */
    public static VerifyRequest pap(String clientId, String userId, String password, NasSession nas) {
        return new VerifyRequest(clientId, userId, AuthMethod.PAP, new Credential.Pap(password), nas);
    }
}
