package dev.zeropin.infra;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An in-memory directory (UnboundID) on a loopback port with a small company: a service account,
 * a VPN group, people in and out of it, a disabled account in the Active Directory way and one in
 * the OpenLDAP way. The service account's password is random per run and lives in a file. For module
 * tests; the end-to-end journeys use a real OpenLDAP slapd.
 *
 * <p>People (mail {@code <uid>@example.com}, under {@link #PEOPLE}): alice (in {@link #VPN_GROUP}),
 * bob (in {@link #OTHER_GROUP} only), carol (VPN group, AD-disabled: userAccountControl 514), dave
 * (VPN group, {@code nsAccountLock: TRUE}), erin (VPN group, but a second entry has her mail too).
 */
public final class CompanyDirectory implements AutoCloseable {

    public static final String BASE = "dc=example,dc=com";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String VPN_GROUP = "cn=vpn-users,ou=groups," + BASE;
    public static final String OTHER_GROUP = "cn=staff,ou=groups," + BASE;
    public static final String BIND_DN = "cn=zeropin,ou=services," + BASE;

    private final InMemoryDirectoryServer server;
    private final Path passwordFile;

    private CompanyDirectory(InMemoryDirectoryServer server, Path passwordFile) {
        this.server = server;
        this.passwordFile = passwordFile;
    }

    /** Starts the directory on a free loopback port. */
    public static CompanyDirectory start() throws LDAPException, LDIFException, IOException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        // AD's and OpenLDAP's attributes side by side (userAccountControl, memberOf, nsAccountLock).
        config.setSchema(null);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path passwordFile = Files.createTempFile("directory-bind", ".txt");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        server.add("dn: ou=services," + BASE, "objectClass: organizationalUnit", "ou: services");
        server.add("dn: " + BIND_DN, "objectClass: person", "cn: zeropin", "sn: zeropin", "userPassword: " + password);
        person(server, "alice", "memberOf: " + VPN_GROUP, "userAccountControl: 512");
        person(server, "bob", "memberOf: " + OTHER_GROUP, "userAccountControl: 512");
        person(server, "carol", "memberOf: " + VPN_GROUP, "userAccountControl: 514");
        person(server, "dave", "memberOf: " + VPN_GROUP, "nsAccountLock: TRUE");
        person(server, "erin", "memberOf: " + VPN_GROUP);
        server.add(
                "dn: cn=erin-twin," + PEOPLE,
                "objectClass: inetOrgPerson",
                "cn: erin-twin",
                "sn: twin",
                "mail: erin@example.com");
        server.add(
                "dn: " + VPN_GROUP,
                "objectClass: groupOfNames",
                "cn: vpn-users",
                "member: uid=alice," + PEOPLE,
                "member: uid=carol," + PEOPLE,
                "member: uid=dave," + PEOPLE);
        server.add("dn: " + OTHER_GROUP, "objectClass: groupOfNames", "cn: staff", "member: uid=bob," + PEOPLE);
        server.startListening();
        return new CompanyDirectory(server, passwordFile);
    }

    private static void person(InMemoryDirectoryServer server, String uid, String... extra)
            throws LDAPException, LDIFException {
        String[] lines = new String[6 + extra.length];
        lines[0] = "dn: uid=" + uid + "," + PEOPLE;
        lines[1] = "objectClass: inetOrgPerson";
        lines[2] = "uid: " + uid;
        lines[3] = "cn: " + uid;
        lines[4] = "sn: " + uid;
        lines[5] = "mail: " + uid + "@example.com";
        System.arraycopy(extra, 0, lines, 6, extra.length);
        server.add(lines);
    }

    /** {@code ldap://127.0.0.1:<port>}. */
    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    public Path passwordFile() {
        return passwordFile;
    }

    /** Replaces (or adds) an attribute of a person, e.g. disables them. */
    public void modify(String uid, String attribute, String value) throws LDAPException, LDIFException {
        server.modify(
                "dn: uid=" + uid + "," + PEOPLE,
                "changetype: modify",
                "replace: " + attribute,
                attribute + ": " + value);
    }

    /** Stops answering (connections are refused) until the directory is closed; the data stays. */
    public void stopListening() {
        server.shutDown(true);
    }

    @Override
    public void close() throws IOException {
        server.shutDown(true);
        Files.deleteIfExists(passwordFile);
    }
}
