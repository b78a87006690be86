package io.github.camelrealtime.fastrouter.session;

import java.util.Objects;

/**
 * Identifies one live session in a CamelContext: the endpoint's session name, plus the key of a keyed session
 * ({@code null} for the name's default session).
 */
public record SessionKey(String name, String key) {

    public SessionKey {
        Objects.requireNonNull(name, "name");
    }

    public static SessionKey of(String name) {
        return new SessionKey(name, null);
    }

    public boolean keyed() {
        return key != null;
    }

    @Override
    public String toString() {
        return key == null ? name : name + "[" + key + "]";
    }
}
