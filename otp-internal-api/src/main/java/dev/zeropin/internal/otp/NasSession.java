package dev.zeropin.internal.otp;

/**
 * Where a request came from, as the gateway and the NAS report it: for the audit trail, for the
 * back-off (per user and endpoint), and for telling a NAS's retry from a replay.
 *
 * @param nasName the RADIUS client (as configured)
 * @param nasAddress the source address of the NAS's packet
 * @param callingStationId RFC 2865 Calling-Station-Id (for VPNs usually the user's address), or null
 * @param nasPort RFC 2865 NAS-Port, or null
 * @param nasPortId RFC 2869 NAS-Port-Id, or null
 */
public record NasSession(String nasName, String nasAddress, String callingStationId, Long nasPort, String nasPortId) {

    /** A session known only by its NAS (tests and tools). */
    public static NasSession of(String nasName) {
        return new NasSession(nasName, null, null, null, null);
    }
}
