package io.cistern.memory.model;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned prompt template with {@code {{variable}}} placeholders, possibly derived from a parent.
 *
 * @param id the template id
 * @param createdAt creation time
 * @param name the template's name, shared by its versions
 * @param version semantic version {@code MAJOR.MINOR.PATCH}
 * @param text the text with placeholders
 * @param variables the specs of the placeholders; every placeholder must have one
 * @param parentId the template this one was derived from, or {@code null}
 */
public record PromptTemplate(String id, Instant createdAt, String name, String version, String text,
                             List<VariableSpec> variables, String parentId) implements Node {

    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?");

    /** Checks the fields: a semantic version, and a spec for every placeholder. */
    public PromptTemplate {
        Ids.require(id, "template id");
        createdAt = Ids.time(createdAt, "createdAt");
        Ids.require(name, "template name");
        if (version == null || !SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("version = '" + version
                    + "' is not allowed; allowed: a semantic version MAJOR.MINOR.PATCH such as 1.4.0");
        }
        Objects.requireNonNull(text, "text");
        variables = Ids.list(variables);
        Set<String> declared = new HashSet<>();
        for (VariableSpec v : variables) {
            if (!declared.add(v.name())) {
                throw new IllegalArgumentException("variable '" + v.name() + "' is declared twice in template " + name);
            }
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!declared.contains(m.group(1))) {
                throw new IllegalArgumentException("placeholder {{" + m.group(1) + "}} of template " + name
                        + " has no variable spec; declared: " + declared);
            }
        }
    }

    /** @return a new root template created now */
    public static PromptTemplate create(String name, String version, String text, List<VariableSpec> variables) {
        return new PromptTemplate(Ids.newId(), Instant.now(), name, version, text, variables, null);
    }

    /** @return a new version derived from this one, created now */
    public PromptTemplate derive(String newVersion, String newText, List<VariableSpec> newVariables) {
        return new PromptTemplate(Ids.newId(), Instant.now(), name, newVersion, newText, newVariables, id);
    }

    /**
     * Fills the placeholders.
     *
     * @param values variable values
     * @return the rendered text
     * @throws IllegalArgumentException naming a required variable that is missing, or an undeclared one given
     */
    public String render(Map<String, String> values) {
        Map<String, String> given = values == null ? Map.of() : values;
        for (String key : given.keySet()) {
            if (variables.stream().noneMatch(v -> v.name().equals(key))) {
                throw new IllegalArgumentException("variable '" + key + "' is not declared by template " + name
                        + " " + version + "; declared: " + variables.stream().map(VariableSpec::name).toList());
            }
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            VariableSpec spec = variables.stream().filter(v -> v.name().equals(var)).findFirst().orElseThrow();
            String value = given.get(var);
            if (value == null) {
                if (spec.required()) {
                    throw new IllegalArgumentException("required variable '" + var + "' of template " + name
                            + " " + version + " is missing");
                }
                value = spec.defaultValue() == null ? "" : spec.defaultValue();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public NodeKind kind() {
        return NodeKind.PROMPT_TEMPLATE;
    }
}
