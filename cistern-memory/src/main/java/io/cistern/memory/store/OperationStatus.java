package io.cistern.memory.store;

import java.util.Locale;

/** Where an operation of the {@link OperationLog} stands. */
public enum OperationStatus {
    /** Recorded before it ran; still so after a crash in between. */
    RECORDED,
    /** Its writes committed, in the same transaction as this status. */
    COMMITTED,
    /** It failed or was abandoned; nothing of it was written. */
    ABORTED;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OperationStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
