package dev.zeropin.registration.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Source addresses and CIDR ranges of RADIUS clients, checked without any name lookup. */
final class NasAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private NasAddresses() {}

    /** The canonical {@code address/prefix} form, or empty when it is not an IP address or CIDR. */
    static Optional<String> normalise(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        String host = parts[0];
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = !v4 && host.contains(":") && IPV6.matcher(host).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int max = address.getAddress().length * 8;
        int prefix = max;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        return Optional.of(address.getHostAddress() + "/" + prefix);
    }
}
