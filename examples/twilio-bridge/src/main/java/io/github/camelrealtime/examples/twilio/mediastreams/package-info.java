/**
 * Twilio Media Streams, reusable without Camel or a particular web server: {@link
 * io.github.camelrealtime.examples.twilio.mediastreams.TwilioMessages} reads and writes the WebSocket messages,
 * {@link io.github.camelrealtime.examples.twilio.mediastreams.PlaybackMarks} turns mark echoes into "milliseconds the
 * caller heard" for barge-in, {@link io.github.camelrealtime.examples.twilio.mediastreams.TwiML} answers the voice
 * webhook. Needs Jackson only. See docs/telephony.md.
 */
package io.github.camelrealtime.examples.twilio.mediastreams;
