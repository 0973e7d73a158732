package dev.zeropin.registration;

/**
 * What an administrator did, as the audit trail records it ({@link AuditEvent#type}). The console
 * and the JSON admin API write the same types; the stored code never changes.
 */
public enum AdminAuditType {
    /** An administrator signed in to the console with a PIN proof. */
    SIGNED_IN("admin.signed-in"),
    /** An administrator signed out of the console. */
    SIGNED_OUT("admin.signed-out"),
    /** A project was created. */
    PROJECT_CREATED("admin.project-created"),
    /** A project's settings changed (disabling it included); the detail names the new revision. */
    PROJECT_UPDATED("admin.project-updated"),
    /** A RADIUS client was created; its secret is never part of the entry. */
    RADIUS_CLIENT_CREATED("admin.radius-client-created"),
    /** A RADIUS client's name, address, project or Message-Authenticator requirement changed. */
    RADIUS_CLIENT_UPDATED("admin.radius-client-updated"),
    /** A RADIUS client got a new secret; the detail says how long the previous one stays valid. */
    RADIUS_SECRET_ROTATED("admin.radius-secret-rotated"),
    /** A RADIUS client was deleted. */
    RADIUS_CLIENT_DELETED("admin.radius-client-deleted"),
    /** Every RADIUS secret was sealed again under the first NAS secret key (key rotation). */
    RADIUS_SECRETS_RESEALED("admin.radius-secrets-resealed"),
    /** One identity was revoked by an administrator. */
    IDENTITY_REVOKED("admin.identity-revoked"),
    /** Every identity of a User ID in a project was revoked by an administrator. */
    USER_REVOKED("admin.user-revoked"),
    /** A User ID was allowed into the console (globally or for a project). */
    ACCESS_GRANTED("admin.access-granted"),
    /** A User ID's console grant was removed. */
    ACCESS_REVOKED("admin.access-revoked"),
    /** A one-time bootstrap link (it makes a global administrator) was created through the admin API. */
    BOOTSTRAP_LINK_CREATED("admin.bootstrap-link-created"),
    /** The audit trail was exported as CSV. */
    AUDIT_EXPORTED("admin.audit-exported"),
    /** A project's directory was tested (the connection, or a User ID: found, groups, disabled). */
    DIRECTORY_TESTED("admin.directory-tested");

    private final String code;

    AdminAuditType(String code) {
        this.code = code;
    }

    /** The stored type, e.g. {@code admin.project-created}. */
    public String code() {
        return code;
    }
}
