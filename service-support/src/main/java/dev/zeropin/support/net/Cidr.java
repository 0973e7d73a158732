package dev.zeropin.support.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A source address or CIDR range of RADIUS clients, parsed without any name lookup: the form of
 * the {@code address} of RADIUS clients in events and configuration, the same for
 * registration-service (which stores {@link #toString()}) and the gateway (which matches with
 * {@link #contains(InetAddress)}).
 *
 * @param network the network address (host bits cleared)
 * @param prefix the prefix length
 */
public record Cidr(InetAddress network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    /** The range of {@code text} ({@code 192.0.2.10}, {@code 10.0.0.0/24}, {@code 2001:db8::/32}), or empty. */
    public static Optional<Cidr> parse(String text) {
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
            // A literal address only (checked above): no name lookup happens.
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        if (v4 && bytes.length != 4) {
            return Optional.empty();
        }
        int max = bytes.length * 8;
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
        mask(bytes, prefix);
        try {
            return Optional.of(new Cidr(InetAddress.getByAddress(bytes), prefix));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when {@code address} lies in this range (an IPv4-mapped IPv6 address counts as IPv4). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length == 16 && network.getAddress().length == 4 && isIpv4Mapped(candidate)) {
            candidate = java.util.Arrays.copyOfRange(candidate, 12, 16);
        }
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        mask(candidate, prefix);
        return java.util.Arrays.equals(candidate, net);
    }

    /**
     * True when this range and {@code other} share at least one address (one contains the other's
     * network): two NAS clients that overlap would compete for the same sources, and the gateway
     * gives the packets to the longer prefix.
     */
    public boolean overlaps(Cidr other) {
        if (network.getAddress().length != other.network.getAddress().length) {
            return false;
        }
        return prefix <= other.prefix ? contains(other.network) : other.contains(network);
    }

    /** True for an IPv4 range. */
    public boolean isIpv4() {
        return network.getAddress().length == 4;
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
    }

    private static void mask(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            bytes[i] &= (byte) (0xFF << (8 - bits));
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
