package io.cistern.memory.model;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of {@link Edge}; the lower-case name is what the database stores. */
public enum EdgeKind {
    /** {@link EdgeProperties.Follows} */
    FOLLOWS(EdgeProperties.Follows.class),
    /** {@link EdgeProperties.RespondsTo} */
    RESPONDS_TO(EdgeProperties.RespondsTo.class),
    /** {@link EdgeProperties.HandledBy} */
    HANDLED_BY(EdgeProperties.HandledBy.class),
    /** {@link EdgeProperties.PartOf} */
    PART_OF(EdgeProperties.PartOf.class),
    /** {@link EdgeProperties.Invokes} */
    INVOKES(EdgeProperties.Invokes.class),
    /** {@link EdgeProperties.TransfersTo} */
    TRANSFERS_TO(EdgeProperties.TransfersTo.class),
    /** {@link EdgeProperties.Instantiates} */
    INSTANTIATES(EdgeProperties.Instantiates.class),
    /** {@link EdgeProperties.Inherits} */
    INHERITS(EdgeProperties.Inherits.class),
    /** {@link EdgeProperties.References} */
    REFERENCES(EdgeProperties.References.class);

    private final Class<? extends EdgeProperties> type;

    EdgeKind(Class<? extends EdgeProperties> type) {
        this.type = type;
    }

    /** @return the properties record of this kind */
    public Class<? extends EdgeProperties> type() {
        return type;
    }

    /** @return the name stored in the database */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param code a stored name
     * @return its kind
     * @throws IllegalArgumentException naming the code and the allowed ones
     */
    public static EdgeKind fromCode(String code) {
        for (EdgeKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("edge kind '" + code + "' is unknown; allowed: "
                + Arrays.stream(values()).map(EdgeKind::code).toList());
    }
}
