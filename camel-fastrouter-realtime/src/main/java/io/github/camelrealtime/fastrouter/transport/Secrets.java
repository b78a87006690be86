package io.github.camelrealtime.fastrouter.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Recognises credentials in headers and query parameters and removes them from text meant for logs or exceptions. */
public final class Secrets {

    static final String MASK = "***";

    /** API keys in the OpenAI/FastRouter style ({@code sk-…}, {@code sk-v1-…}, {@code sk-proj-…}). */
    private static final Pattern API_KEY = Pattern.compile("sk-[A-Za-z0-9_\\-]{6,}");

    private Secrets() {
    }

    /** Whether a header or query parameter of this name carries a credential (its value must never be shown). */
    static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("authorization") || lower.contains("key") || lower.contains("token")
                || lower.contains("secret") || lower.contains("password") || lower.contains("cookie")
                || lower.equals("sig") || lower.equals("signature");
    }

    /** The credential values among the headers: each secret header's value and, for {@code Bearer x}, also {@code x}. */
    public static List<String> secretValues(Map<String, String> headers) {
        List<String> values = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (isSecretName(name) && !value.isBlank()) {
                values.add(value);
                int space = value.lastIndexOf(' ');
                if (space >= 0 && value.length() - space > 4) {
                    values.add(value.substring(space + 1));
                }
            }
        });
        return values;
    }

    /** The text with every given secret value and anything shaped like an API key replaced by {@value #MASK}. */
    public static String redact(String text, List<String> secretValues) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secretValues) {
            result = result.replace(secret, MASK);
        }
        return API_KEY.matcher(result).replaceAll("sk-" + MASK);
    }
}
