package dev.zeropin.gateway.radius;

/** Thrown while reading a packet that must be dropped; carries no packet content. */
final class DroppedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DropReason reason;

    DroppedPacketException(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }
}
