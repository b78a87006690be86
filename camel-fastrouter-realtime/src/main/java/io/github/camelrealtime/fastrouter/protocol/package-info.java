/**
 * The Realtime event model and wire codec, for both dialects (beta and GA): {@link
 * io.github.camelrealtime.fastrouter.protocol.RealtimeEvent}, {@link
 * io.github.camelrealtime.fastrouter.protocol.RealtimeCodec}, {@link io.github.camelrealtime.fastrouter.protocol.Dialect},
 * {@link io.github.camelrealtime.fastrouter.protocol.EventTypes} and the {@code session.update} encoding of
 * {@link io.github.camelrealtime.fastrouter.protocol.SessionSettings}. Depends on the JDK and Jackson only.
 */
package io.github.camelrealtime.fastrouter.protocol;
