package dev.zeropin.gateway.radius;

import java.io.IOException;
import org.tinyradius.core.attribute.AttributeTemplate;
import org.tinyradius.core.dictionary.Dictionary;
import org.tinyradius.core.dictionary.Vendor;
import org.tinyradius.core.dictionary.WritableDictionary;
import org.tinyradius.core.dictionary.parser.DictionaryParser;

/**
 * The attributes the gateway knows: tinyradius-netty's standard dictionary plus the Microsoft
 * vendor attributes of MS-CHAPv2 (RFC 2548). The MPPE keys are declared as plain octets: the
 * gateway encrypts them itself.
 */
final class RadiusDictionary {

    /** The classpath resource of tinyradius-netty's dictionary (also listed for native images). */
    static final String STANDARD = "org/tinyradius/core/dictionary/default_dictionary";

    static final int USER_NAME = 1;
    static final int USER_PASSWORD = 2;
    static final int CHAP_PASSWORD = 3;
    static final int NAS_PORT = 5;
    static final int REPLY_MESSAGE = 18;
    static final int STATE = 24;
    static final int VENDOR_SPECIFIC = 26;
    static final int CALLING_STATION_ID = 31;
    static final int PROXY_STATE = 33;
    static final int ACCT_STATUS_TYPE = 40;
    static final int ACCT_INPUT_OCTETS = 42;
    static final int ACCT_OUTPUT_OCTETS = 43;
    static final int ACCT_SESSION_ID = 44;
    static final int ACCT_SESSION_TIME = 46;
    static final int CHAP_CHALLENGE = 60;
    static final int ARAP_PASSWORD = 70;
    static final int EAP_MESSAGE = 79;
    static final int MESSAGE_AUTHENTICATOR = 80;
    static final int NAS_PORT_ID = 87;

    static final int MICROSOFT = 311;
    static final int MS_CHAP_ERROR = 2;
    static final int MS_MPPE_ENCRYPTION_POLICY = 7;
    static final int MS_MPPE_ENCRYPTION_TYPES = 8;
    static final int MS_CHAP_CHALLENGE = 11;
    static final int MS_MPPE_SEND_KEY = 16;
    static final int MS_MPPE_RECV_KEY = 17;
    static final int MS_CHAP2_RESPONSE = 25;
    static final int MS_CHAP2_SUCCESS = 26;

    static final Dictionary INSTANCE = create();

    private RadiusDictionary() {}

    private static Dictionary create() {
        WritableDictionary dictionary;
        try {
            dictionary = DictionaryParser.newClasspathParser().parseDictionary(STANDARD);
        } catch (IOException e) {
            throw new IllegalStateException("the RADIUS dictionary of tinyradius-netty is missing", e);
        }
        dictionary.addVendor(new Vendor(MICROSOFT, "Microsoft", 1, 1));
        dictionary.addAttributeTemplate(new AttributeTemplate(MICROSOFT, MS_CHAP_ERROR, "MS-CHAP-Error", "octets"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_MPPE_ENCRYPTION_POLICY, "MS-MPPE-Encryption-Policy", "integer"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_MPPE_ENCRYPTION_TYPES, "MS-MPPE-Encryption-Types", "integer"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_CHAP_CHALLENGE, "MS-CHAP-Challenge", "octets"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_MPPE_SEND_KEY, "MS-MPPE-Send-Key", "octets"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_MPPE_RECV_KEY, "MS-MPPE-Recv-Key", "octets"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_CHAP2_RESPONSE, "MS-CHAP2-Response", "octets"));
        dictionary.addAttributeTemplate(
                new AttributeTemplate(MICROSOFT, MS_CHAP2_SUCCESS, "MS-CHAP2-Success", "octets"));
        return dictionary;
    }
}
