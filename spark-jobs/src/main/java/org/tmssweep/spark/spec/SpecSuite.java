package org.tmssweep.spark.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A suite: a YAML file that names other spec files to run one after another, into one --out.
 *
 * <pre>
 * name: paper-all                      # required, like a spec's name
 * description: "every paper preset"    # optional
 * suite:                               # required: spec files, relative to this file
 *   - intro.yaml
 *   - basic-results.yaml
 * </pre>
 *
 * Each member is an ordinary spec with its own sweep_id, so running a suite is exactly running its
 * members in order; a member cannot itself be a suite. A file is a suite iff its top-level mapping
 * has the key {@code suite}.
 *
 * @param name        the suite's name
 * @param description free text
 * @param members     the member spec files, resolved against the suite's directory, in order
 */
public record SpecSuite(String name, String description, List<Path> members) {
    public SpecSuite {
        members = List.copyOf(members);
    }

    /**
     * The suite in {@code file}, or empty when the file is not a suite (then it is a spec, or not
     * valid YAML: {@link SpecParser} says which).
     */
    public static Optional<SpecSuite> read(Path file) throws SpecException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException("", "cannot read: " + e.getMessage());
        }
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            return Optional.empty();
        }
        if (!(root instanceof Map<?, ?> map) || !map.containsKey("suite")) {
            return Optional.empty();
        }
        for (Object k : map.keySet()) {
            if (!Set.of("name", "description", "suite").contains(String.valueOf(k))) {
                throw new SpecException(String.valueOf(k), "unknown key in a suite (a suite has name, description"
                        + " and suite only; put sweep parameters in the member specs)");
            }
        }
        Object name = map.get("name");
        if (!(name instanceof String n) || !n.matches("[A-Za-z0-9_.-]+")) {
            throw new SpecException("name", "required: letters, digits, _ . - only, got " + Param.describe(name));
        }
        Object description = map.containsKey("description") ? map.get("description") : "";
        if (!(description instanceof String d)) {
            throw new SpecException("description", "must be text, got " + Param.describe(description));
        }
        Object suite = map.get("suite");
        if (!(suite instanceof List<?> list) || list.isEmpty()) {
            throw new SpecException("suite", "must be a non-empty list of spec files, got " + Param.describe(suite));
        }
        Path dir = file.toAbsolutePath().getParent();
        Set<Path> members = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.get(i);
            String field = "suite[" + i + "]";
            if (!(entry instanceof String s) || s.isBlank()) {
                throw new SpecException(field, "must be a spec file name, got " + Param.describe(entry));
            }
            Path member = dir.resolve(s).normalize();
            if (!members.add(member)) {
                throw new SpecException(field, "'" + s + "' is listed twice");
            }
        }
        return Optional.of(new SpecSuite(n, d, new ArrayList<>(members)));
    }
}
