package io.cistern.memory.model;

/**
 * A template variable.
 *
 * @param name the name used in {@code {{name}}}
 * @param description what it is for
 * @param required whether rendering fails without it
 * @param defaultValue the value used when it is not given and not required, may be null
 */
public record VariableSpec(String name, String description, boolean required, String defaultValue) {

    /** Checks the name. */
    public VariableSpec {
        Ids.require(name, "variable name");
        if (!PromptTemplate.VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variable name '" + name
                    + "' is not allowed; allowed: letters, digits and _, starting with a letter or _");
        }
    }
}
