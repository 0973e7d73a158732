package dev.zeropin.e2e;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A network namespace made by a test and joined to the host by a veth pair, whose two addresses
 * (a random /30 in 10.200-249.x.x) exist only on those veths. Names carry the test's prefix and a
 * random id; {@link #close()} removes the veth and the namespace by name.
 *
 * @param namespace the namespace's name
 * @param hostEnd the veth end on the host
 * @param namespaceEnd the veth end inside the namespace
 * @param hostAddress the host end's address (where the gateway listens)
 * @param namespaceAddress the namespace end's address (where the NAS sends from)
 */
record TestNetwork(String namespace, String hostEnd, String namespaceEnd, String hostAddress, String namespaceAddress)
        implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Makes the namespace and the veth pair.
     *
     * @param namespacePrefix e.g. {@code zpeap} (namespace {@code zpeap<6 hex>})
     * @param vethPrefix e.g. {@code zpe} (veth ends {@code zpe<6 hex>h} and {@code ...n}, within 15 characters)
     */
    static TestNetwork create(String namespacePrefix, String vethPrefix) {
        byte[] id = new byte[3];
        RANDOM.nextBytes(id);
        String hex = HexFormat.of().formatHex(id);
        String subnet = "10." + (200 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256) + ".";
        int base = 4 * RANDOM.nextInt(64);
        TestNetwork network = new TestNetwork(
                namespacePrefix + hex,
                vethPrefix + hex + "h",
                vethPrefix + hex + "n",
                subnet + (base + 1),
                subnet + (base + 2));
        try {
            network.build();
        } catch (RuntimeException | AssertionError e) {
            network.close();
            throw e;
        }
        return network;
    }

    private void build() {
        Commands.mustRun(List.of("ip", "netns", "add", namespace));
        Commands.mustRun(List.of(
                "ip", "link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd, "netns", namespace));
        Commands.mustRun(List.of("ip", "addr", "add", hostAddress + "/30", "dev", hostEnd));
        Commands.mustRun(List.of("ip", "link", "set", hostEnd, "up"));
        Commands.mustRun(inside("ip", "addr", "add", namespaceAddress + "/30", "dev", namespaceEnd));
        Commands.mustRun(inside("ip", "link", "set", namespaceEnd, "up"));
        Commands.mustRun(inside("ip", "link", "set", "lo", "up"));
    }

    /** {@code command} run inside the namespace. */
    List<String> inside(String... command) {
        return inside(List.of(command));
    }

    /** {@code command} run inside the namespace. */
    List<String> inside(List<String> command) {
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    @Override
    public void close() {
        // Deleting one end of a veth removes both; the namespace goes by its name.
        Commands.run(List.of("ip", "link", "del", hostEnd), 10);
        Commands.run(List.of("ip", "netns", "del", namespace), 10);
    }
}
