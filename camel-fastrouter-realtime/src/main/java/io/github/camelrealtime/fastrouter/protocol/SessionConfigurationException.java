package io.github.camelrealtime.fastrouter.protocol;

/**
 * A session setting that is invalid, contradicts another setting, or has no equivalent in the chosen dialect.
 * {@link #option()} names the offending option (as in the endpoint options, e.g. {@code temperature}).
 */
public final class SessionConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    public SessionConfigurationException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option the problem is about. */
    public String option() {
        return option;
    }
}
