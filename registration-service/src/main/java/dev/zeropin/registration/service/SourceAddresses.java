package dev.zeropin.registration.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The subject of a per-address budget: an IPv4 address as it is, an IPv6 address as its /64 (one
 * subscriber's network usually holds a whole /64, so counting single IPv6 addresses would count
 * nothing).
 */
final class SourceAddresses {

    private SourceAddresses() {}

    /** The budget subject of a source address ({@code unknown} and other non-literals as they are). */
    static String budgetSubject(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address == null ? "unknown" : address;
        }
        try {
            // A literal with a colon is parsed without any name lookup.
            InetAddress parsed = InetAddress.getByName(address);
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress();
            }
            byte[] bytes = parsed.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address.toLowerCase(Locale.ROOT);
        }
    }
}
