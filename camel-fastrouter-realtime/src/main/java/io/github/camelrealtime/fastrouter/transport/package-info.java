/**
 * The WebSocket transport of the Realtime component: one {@link io.github.camelrealtime.fastrouter.transport.RealtimeConnection}
 * per session socket over {@code java.net.http.WebSocket}, with a bounded single-writer send queue, reassembly of
 * fragmented messages, demand-driven delivery and a classification of how connections end. Uses only the JDK and
 * Jackson (to read handshake error bodies); no Camel types.
 */
package io.github.camelrealtime.fastrouter.transport;
