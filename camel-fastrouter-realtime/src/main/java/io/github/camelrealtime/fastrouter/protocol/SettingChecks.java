package io.github.camelrealtime.fastrouter.protocol;

import java.util.Locale;

/** The checks every session setting shares: dialect support, ranges, blanks, keyword normalisation. */
final class SettingChecks {

    private SettingChecks() {
    }

    static <T> T gaOnly(String option, T value, Dialect dialect) {
        return gaOnly(option, value, dialect, option);
    }

    static <T> T gaOnly(String option, T value, Dialect dialect, String what) {
        if (value != null && dialect != Dialect.GA) {
            throw new SessionConfigurationException(option, what + " is not supported by the " + dialect.wireName()
                    + " dialect (GA only); remove it or use dialect=ga");
        }
        return value;
    }

    static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new SessionConfigurationException(option, option + " must not be negative, not " + value);
        }
        return value;
    }

    static String nonBlank(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new SessionConfigurationException(option, option + " must not be blank");
        }
        return value == null ? null : value.trim();
    }

    static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
