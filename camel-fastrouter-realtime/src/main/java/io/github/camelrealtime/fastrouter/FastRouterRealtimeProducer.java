package io.github.camelrealtime.fastrouter;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelrealtime.fastrouter.audio.AudioInput;
import io.github.camelrealtime.fastrouter.protocol.ClientEvents;
import io.github.camelrealtime.fastrouter.protocol.EventTypes;
import io.github.camelrealtime.fastrouter.protocol.RealtimeEvent;
import io.github.camelrealtime.fastrouter.session.EncodedEvent;
import io.github.camelrealtime.fastrouter.session.RealtimeResponseException;
import io.github.camelrealtime.fastrouter.session.RealtimeResponseTimeoutException;
import io.github.camelrealtime.fastrouter.session.RealtimeServerErrorException;
import io.github.camelrealtime.fastrouter.session.RealtimeSession;
import io.github.camelrealtime.fastrouter.session.RealtimeSessionClosedException;
import io.github.camelrealtime.fastrouter.session.ResponseResult;
import io.github.camelrealtime.fastrouter.session.SessionKey;
import io.github.camelrealtime.fastrouter.session.SessionOptions;
import io.github.camelrealtime.fastrouter.session.TurnInput;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Turns each message into client events (DESIGN.md §4). The message is mapped and validated first, so bad input
 * fails with nothing sent; then the session is opened (or reused), the events are written, and an InOut exchange
 * waits, in turn, for the response its input caused. The callback runs exactly once, never on the socket's thread.
 */
public class FastRouterRealtimeProducer extends DefaultAsyncProducer {

    public FastRouterRealtimeProducer(FastRouterRealtimeEndpoint endpoint) {
        super(endpoint);
    }

    private static final boolean HEALTH_AVAILABLE = SessionHealth.available();

    /** The producer check, when registered (camel-health present, healthCheckProducerEnabled). */
    private Object healthCheck;

    @Override
    public FastRouterRealtimeEndpoint getEndpoint() {
        return (FastRouterRealtimeEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (HEALTH_AVAILABLE && getEndpoint().getComponent().isHealthCheckProducerEnabled()) {
            healthCheck = ProducerHealthRegistration.register(getEndpoint());
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheck != null) {
            ProducerHealthRegistration.unregister(getEndpoint(), healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Completion completion = new Completion(exchange, callback);
        FastRouterRealtimeEndpoint endpoint = getEndpoint();
        SessionOptions options = endpoint.sessionOptions();
        OutboundMessage outbound;
        ObjectNode responseOptions;
        try {
            responseOptions = ResponseOptions.of(exchange.getMessage().getHeader(FastRouterRealtimeConstants.RESPONSE_OPTIONS),
                    endpoint.getComponent().codec().mapper());
            OutboundMessage mapped = OutboundMessage.of(exchange, endpoint.getComponent().codec(), options.inputFormat());
            outbound = mapped instanceof OutboundMessage.Action a && a.verb().equals("update")
                    ? new OutboundMessage.Update(SessionUpdates.parse(endpoint, exchange.getMessage().getBody())) : mapped;
            checkCombination(exchange, outbound, responseOptions);
        } catch (Exception e) {
            endpoint.getComponent().metrics().exchange(endpoint.getSessionName(), "unknown", "invalid_input");
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        completion.kind = kindOf(outbound);
        String key = exchange.getMessage().getHeader(FastRouterRealtimeConstants.SESSION_KEY, String.class);
        if (outbound instanceof OutboundMessage.Action a && a.verb().equals("close")) {
            RealtimeSession existing = endpoint.getComponent().getRegistry().get(new SessionKey(endpoint.getSessionName(), key));
            CompletableFuture<Void> closed = existing == null ? CompletableFuture.completedFuture(null) : existing.close();
            closed.whenCompleteAsync((v, err) -> completion.done(null, null, false), endpoint.getComponent().callbackExecutor());
            return false;
        }
        RealtimeSession session;
        try {
            session = endpoint.session(key, TraceContext.of(exchange));
        } catch (RuntimeException e) {
            closeAudio(outbound);
            completion.done(null, e, true);
            return true;
        }
        Executor callbacks = endpoint.getComponent().callbackExecutor();
        // InOnly exchanges of a session are written in the order they reach the producer (docs/component.md)
        SendOrder.Ticket ticket = exchange.getPattern().isOutCapable() ? null : endpoint.getComponent().sendOrder().enter(session);
        Send send = new Send(exchange, session, outbound, responseOptions, ticket, completion, callbacks);
        CompletableFuture<Void> ready = session.whenReady(options.responseTimeout());
        if (ready.isDone() && !ready.isCompletedExceptionally() && (ticket == null || ticket.mayGo())) {
            // the hot path: the session is open and nothing is ahead of this exchange, so its events are queued on this
            // thread (queueing never waits for the socket); an InOnly exchange whose write finished at once completes here
            return send.run(true);
        }
        CompletableFuture<Void> gate = ticket == null || ticket.mayGo() ? ready : CompletableFuture.allOf(ready, ticket.previous());
        gate.whenCompleteAsync((v, err) -> {
            if (err != null) {
                send.finish(null, err, false);
            } else {
                send.run(false);
            }
        }, callbacks);
        return false;
    }

    /** One exchange on its way: started once its session and the exchanges ahead of it allow, ended exactly once. */
    private final class Send {
        private final Exchange exchange;
        private final RealtimeSession session;
        private final OutboundMessage outbound;
        private final ObjectNode responseOptions;
        /** Null for InOut. */
        private final SendOrder.Ticket ticket;
        private final Completion completion;
        private final Executor callbacks;

        private Send(Exchange exchange, RealtimeSession session, OutboundMessage outbound, ObjectNode responseOptions,
                     SendOrder.Ticket ticket, Completion completion, Executor callbacks) {
            this.exchange = exchange;
            this.session = session;
            this.outbound = outbound;
            this.responseOptions = responseOptions;
            this.ticket = ticket;
            this.completion = completion;
            this.callbacks = callbacks;
        }

        /**
         * Hands the exchange's events to the session here and ends the exchange here too if that is already its outcome
         * (an InOnly write that finished at once, a failure); returns whether it ended.
         *
         * @param onCaller whether this is the thread that called {@link #process}: the exchange then ends synchronously,
         *                 and an audio body that is not in memory is read on a worker
         */
        boolean run(boolean onCaller) {
            CompletableFuture<?> result = start(onCaller);
            if (!result.isDone()) {
                // the reply (or the write's completion) comes on a socket thread: the exchange goes on on a worker
                result.whenCompleteAsync((value, err) -> finish(value, err, false), callbacks);
                return false;
            }
            Object value = null;
            Throwable failure = null;
            try {
                value = result.join();
            } catch (CompletionException | CancellationException e) {
                failure = e;
            }
            finish(value, failure, onCaller);
            return true;
        }

        /** Lets the session's next InOnly exchange go as soon as this one's events are queued (an upload says when). */
        private CompletableFuture<?> start(boolean onCaller) {
            CompletableFuture<?> result;
            try {
                result = execute(exchange, session, outbound, responseOptions, ticket, onCaller);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            if (ticket != null && !(outbound instanceof OutboundMessage.Audio)) {
                ticket.release();
            }
            return result;
        }

        /** Every path ends here exactly once. */
        void finish(Object value, Throwable err, boolean sync) {
            if (ticket != null) {
                ticket.release();
            }
            if (err != null) {
                closeAudio(outbound);
            }
            completion.done(err == null ? reply(session, value) : null, err, sync);
        }
    }

    private CompletableFuture<?> execute(Exchange exchange, RealtimeSession session, OutboundMessage outbound,
                                         ObjectNode responseOptions, SendOrder.Ticket ticket, boolean onCaller) {
        boolean inOut = exchange.getPattern().isOutCapable();
        boolean outOfBand = outOfBand(exchange, responseOptions);
        FastRouterRealtimeEndpoint endpoint = getEndpoint();
        // what this exchange's responses are asked with: the user's options plus the trace, if any
        ObjectNode asked = TraceContext.traced(responseOptions, TraceContext.of(exchange));
        if (outbound instanceof OutboundMessage.Text || outbound instanceof OutboundMessage.Image) {
            ObjectNode item = outbound instanceof OutboundMessage.Text text
                    ? ClientEvents.userMessage(text.text())
                    : userImage((OutboundMessage.Image) outbound);
            if (outOfBand) {
                requireInOut(inOut, "An out-of-band response");
                return session.respondOutOfBand(ResponseOptions.withInput(asked, item));
            }
            TurnInput input = w -> w.send(ClientEvents.createItem(item.deepCopy()));
            if (inOut) {
                return session.respond(input, asked);
            }
            // InOnly: the message joins the conversation; with response options it also asks for a response
            return responseOptions != null ? session.respondInOnly(input, asked).thenApply(v -> null)
                    : session.send(ClientEvents.createItem(item)).thenApply(v -> null);
        }
        if (outbound instanceof OutboundMessage.Audio audio) {
            if (outOfBand) {
                throw new IllegalArgumentException("Out-of-band responses take text or image input, not audio");
            }
            int chunkMillis = endpoint.getConfiguration().getChunkMillis();
            boolean pace = endpoint.getConfiguration().isPaceRealtime();
            if (!inOut) {
                // an InOnly upload starts here unless reading its body could wait; the next exchange goes after its last append
                if (!audio.claim()) {
                    return CompletableFuture.failedFuture(new IllegalStateException("The audio body was already consumed"));
                }
                return session.streaming(AudioUpload.send(session.writer(), audio.input(), chunkMillis, pace,
                        endpoint.getComponent().workers(), endpoint.getComponent().scheduler(), !onCaller || audio.inMemory(),
                        ticket == null ? null : ticket::release)).thenApply(v -> null);
            }
            // a turn's input runs on a worker, where the upload may start at once
            TurnInput upload = w -> audio.claim()
                    ? AudioUpload.send(w, audio.input(), chunkMillis, pace, endpoint.getComponent().workers(),
                            endpoint.getComponent().scheduler(), true, null).thenApply(n -> null)
                    : CompletableFuture.failedFuture(new IllegalStateException("The audio body was already consumed"));
            // whether the server's VAD or the client commits is decided by the session from what the server reports
            return session.options().transcriptionOnly() ? session.transcribe(upload) : session.respondToAudio(upload, asked);
        }
        if (outbound instanceof OutboundMessage.Update update) {
            return session.update(update.settings(), inOut);
        }
        if (outbound instanceof OutboundMessage.ToolOutput tool) {
            return session.answerToolCall(tool.callId(), tool.output(), inOut);
        }
        if (outbound instanceof OutboundMessage.Action action) {
            if (action.verb().equals("interrupt")) {
                if (endpoint.getConfiguration().getCallId() != null) {
                    return interruptSipCall(session);
                }
                return session.interrupt(action.playedMs()).thenApply(t -> null);
            }
            TurnInput commit = w -> w.send(ClientEvents.commit());
            if (session.options().transcriptionOnly()) {
                // transcription sessions have no responses: a commit yields a transcript
                return inOut ? session.commitAndTranscribe() : commit.write(session.writer()).thenApply(v -> null);
            }
            return inOut ? session.respond(commit, asked) : session.respondInOnly(commit, asked).thenApply(v -> null);
        }
        RealtimeEvent event = ((OutboundMessage.ClientEvent) outbound).event();
        if (EventTypes.RESPONSE_CREATE.equals(event.type())) {
            JsonNode response = event.fields().get("response");
            ObjectNode params = ResponseOptions.merge(response instanceof ObjectNode o ? o : null, asked);
            if (outOfBand || "none".equals(params.path("conversation").asText())) {
                requireInOut(inOut, "An out-of-band response");
                return session.respondOutOfBand(params);
            }
            return inOut ? session.respond(TurnInput.NONE, params) : session.respondInOnly(TurnInput.NONE, params).thenApply(v -> null);
        }
        EncodedEvent encoded;
        try {
            encoded = session.encode(event);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return session.write(encoded).thenApply(v -> null);
    }

    private static boolean outOfBand(Exchange exchange, ObjectNode responseOptions) {
        return exchange.getMessage().getHeader(FastRouterRealtimeConstants.OUT_OF_BAND, false, Boolean.class)
               || ResponseOptions.outOfBand(responseOptions);
    }

    /**
     * Barge-in on a SIP call (a session opened with {@code callId}): the server plays the audio and knows how much was
     * heard, so no truncate; the API asks for {@code response.cancel} (stop generating) then {@code output_audio_buffer.clear}
     * (stop playing), and answers with {@code output_audio_buffer.cleared}. A cancel with no response running is answered
     * by the harmless {@code response_cancel_not_active} error.
     */
    private static CompletableFuture<?> interruptSipCall(RealtimeSession session) {
        CompletableFuture<Void> cancel = session.send(ClientEvents.responseCancel(null));
        CompletableFuture<Void> clear = session.send(ClientEvents.simple(EventTypes.OUTPUT_AUDIO_BUFFER_CLEAR));
        return CompletableFuture.allOf(cancel, clear).thenApply(v -> null);
    }

    /** Combinations of message, pattern and settings that cannot work fail before any socket is opened. */
    private void checkCombination(Exchange exchange, OutboundMessage outbound, ObjectNode responseOptions) {
        boolean inOut = exchange.getPattern().isOutCapable();
        boolean outOfBand = outOfBand(exchange, responseOptions);
        try {
            if (outOfBand && outbound instanceof OutboundMessage.Audio) {
                throw new IllegalArgumentException("Out-of-band responses take text or image input, not audio");
            }
            if (outOfBand && (outbound instanceof OutboundMessage.Text || outbound instanceof OutboundMessage.Image
                              || outbound instanceof OutboundMessage.ClientEvent)) {
                requireInOut(inOut, "An out-of-band response");
            }
            if (responseOptions != null && (outbound instanceof OutboundMessage.ToolOutput || outbound instanceof OutboundMessage.Update
                                            || (outbound instanceof OutboundMessage.Action a && !a.verb().equals("commit"))
                                            || (outbound instanceof OutboundMessage.ClientEvent c
                                                && !EventTypes.RESPONSE_CREATE.equals(c.event().type())))) {
                throw new IllegalArgumentException("The header " + FastRouterRealtimeConstants.RESPONSE_OPTIONS + " applies to "
                                                   + "messages that ask for a response (text, image, audio, commit, response.create),"
                                                   + " not to this one");
            }
        } catch (IllegalArgumentException e) {
            closeAudio(outbound);
            throw e;
        }
    }

    private static void requireInOut(boolean inOut, String what) {
        if (!inOut) {
            throw new IllegalArgumentException(what + " needs an InOut exchange: its reply is the point");
        }
    }

    /** What to put on the message: a response, a transcript, or nothing (InOnly, plain events). */
    private Object reply(RealtimeSession session, Object result) {
        return result == null ? null : new Reply(session, result);
    }

    private record Reply(RealtimeSession session, Object result) {
    }

    private void applyReply(Exchange exchange, Reply reply) {
        Message message = exchange.getMessage();
        RealtimeMessages.putSessionHeaders(message, reply.session());
        if (reply.result() instanceof ResponseResult response) {
            RealtimeMessages.putResponse(message, response, getEndpoint().replyFormat(), getEndpoint().deliveryAudioFormat());
        } else if (reply.result() instanceof RealtimeEvent transcript) {
            RealtimeMessages.putEventHeaders(message, transcript);
            message.setBody(transcript.text("transcript"));
        }
    }

    /** Closes an audio body nobody will read (the exchange failed before its upload began). */
    private static void closeAudio(OutboundMessage outbound) {
        if (outbound instanceof OutboundMessage.Audio audio && audio.claim()) {
            try {
                audio.input().close();
            } catch (java.io.IOException ignored) {
                // the exchange already fails for a better reason
            }
        }
    }

    /** What an exchange sent, as a bounded metrics label. */
    private static String kindOf(OutboundMessage outbound) {
        if (outbound instanceof OutboundMessage.Text) {
            return "text";
        }
        if (outbound instanceof OutboundMessage.Audio) {
            return "audio";
        }
        if (outbound instanceof OutboundMessage.ToolOutput) {
            return "tool_output";
        }
        if (outbound instanceof OutboundMessage.Update) {
            return "update";
        }
        if (outbound instanceof OutboundMessage.Action a) {
            return a.verb();
        }
        return "event";
    }

    /** How an exchange ended, as a bounded metrics label. */
    private static String outcomeOf(Throwable error) {
        if (error == null) {
            return "ok";
        }
        if (error instanceof RealtimeResponseTimeoutException) {
            return "timeout";
        }
        if (error instanceof RealtimeServerErrorException) {
            return "server_error";
        }
        if (error instanceof RealtimeResponseException) {
            return "response_failed";
        }
        if (error instanceof RealtimeSessionClosedException || error instanceof java.io.IOException) {
            return "closed";
        }
        return "other";
    }

    /** Completes the exchange exactly once, whichever path gets there first. */
    private final class Completion {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final AtomicBoolean done = new AtomicBoolean();
        private String kind = "unknown";

        private Completion(Exchange exchange, AsyncCallback callback) {
            this.exchange = exchange;
            this.callback = callback;
        }

        /** @param sync whether this runs on the thread that called {@link #process}, which then returns true */
        void done(Object reply, Throwable error, boolean sync) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            Throwable failure = error == null ? null : RealtimeSession.unwrap(error);
            try {
                if (failure != null) {
                    exchange.setException(failure);
                } else if (reply instanceof Reply r) {
                    applyReply(exchange, r);
                }
            } catch (RuntimeException e) {
                failure = e;
                exchange.setException(e);
            } finally {
                FastRouterRealtimeEndpoint endpoint = getEndpoint();
                endpoint.getComponent().metrics().exchange(endpoint.getSessionName(), kind, outcomeOf(failure));
                callback.done(sync);
            }
        }
    }

    private static ObjectNode userImage(OutboundMessage.Image image) {
        return ClientEvents.userImage(image.dataUrl(), image.text(), image.detail());
    }
}
