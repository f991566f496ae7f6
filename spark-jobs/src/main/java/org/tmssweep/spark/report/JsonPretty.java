package org.tmssweep.spark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Pretty-prints a JSON text for people (the sweep spec on a report page) with Jackson: two spaces per
 * level, one member or element per line, {@code "key": value}, empty containers as {@code {}} and
 * {@code []}. Object key order is kept, and numbers written in Java's shortest round-trip form (as the
 * canonical spec writes them) come back unchanged. Text that is not one JSON value comes back as it is.
 */
final class JsonPretty {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT));

    private JsonPretty() {
    }

    static String format(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            return tree == null || tree.isMissingNode() ? json : WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
