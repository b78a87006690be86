package io.github.camelrealtime.examples.twilio.mediastreams;

/** A Media Streams message that cannot be read: not JSON, no {@code event}, or a known event with missing fields. */
public class MalformedTwilioMessageException extends IllegalArgumentException {

    public MalformedTwilioMessageException(String message) {
        super(message);
    }

    public MalformedTwilioMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
