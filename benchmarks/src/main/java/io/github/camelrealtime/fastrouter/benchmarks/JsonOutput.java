package io.github.camelrealtime.fastrouter.benchmarks;

import java.io.PrintStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes the benchmark results as JSON lines on standard output; progress notes go to standard error. */
final class JsonOutput {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream out;

    JsonOutput(PrintStream out) {
        this.out = out;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    void line(ObjectNode node) {
        try {
            out.println(mapper.writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a result line", e);
        }
    }

    static void progress(String message) {
        System.err.println("[benchmarks] " + message);
    }

    /** Rounds to {@code digits} significant digits, so the lines stay readable. */
    static double round(double value, int digits) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).doubleValue();
    }
}
