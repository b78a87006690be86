package io.github.camelrealtime.fastrouter.session;

import java.util.Locale;

import io.github.camelrealtime.fastrouter.protocol.Dialect;

/**
 * The endpoint's {@code dialect} option and, for {@code auto}, what was learned: {@code auto} connects as FastRouter
 * documents (beta), and once a server answers {@code beta_api_shape_disabled} every later session of the endpoint
 * connects as GA straight away.
 */
public final class DialectChoice {

    private final String mode;
    private volatile boolean learnedGa;

    private DialectChoice(String mode) {
        this.mode = mode;
    }

    public static DialectChoice of(String option) {
        String mode = option == null ? "auto" : option.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("beta") && !mode.equals("ga")) {
            throw new IllegalArgumentException("dialect must be beta, ga or auto, not '" + option + "'");
        }
        return new DialectChoice(mode);
    }

    public boolean auto() {
        return mode.equals("auto");
    }

    public Dialect connectWith() {
        if (mode.equals("ga") || (auto() && learnedGa)) {
            return Dialect.GA;
        }
        return Dialect.BETA;
    }

    /** Records that the server refused the beta shape; true only for the first caller (who logs the warning). */
    public boolean learnGa() {
        synchronized (this) {
            if (learnedGa) {
                return false;
            }
            learnedGa = true;
            return true;
        }
    }

    public String mode() {
        return mode;
    }
}
