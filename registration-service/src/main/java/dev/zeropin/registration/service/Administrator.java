package dev.zeropin.registration.service;

/**
 * Who makes an administrative change: a console session or the holder of an admin token. The
 * admin operations check the scope and name the actor in the audit trail through this type, so a
 * change through the JSON admin API is audited exactly like one in the console.
 */
public interface Administrator {

    /** The actor as the audit trail names it: a console administrator's User ID, {@code admin:<subject>} for a token. */
    String actor();

    /** Whether this administrator manages every project. */
    boolean global();

    /** Whether this administrator may manage a project. */
    boolean mayManage(String clientId);

    /** Where the request came from. */
    String sourceAddress();

    /**
     * The holder of an admin token ({@code groups: [admin]}): an operator of the whole service,
     * hence global.
     *
     * @param subject the token's subject (its principal name), null when it names none
     * @param sourceAddress where the request came from
     */
    static Administrator ofToken(String subject, String sourceAddress) {
        return new TokenHolder(subject == null ? "admin" : "admin:" + subject, sourceAddress);
    }

    /** The holder of an admin token. */
    record TokenHolder(String actor, String sourceAddress) implements Administrator {

        @Override
        public boolean global() {
            return true;
        }

        @Override
        public boolean mayManage(String clientId) {
            return true;
        }
    }
}
