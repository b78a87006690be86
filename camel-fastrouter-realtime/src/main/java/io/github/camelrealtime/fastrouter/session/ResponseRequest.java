package io.github.camelrealtime.fastrouter.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One response the component asked for (or adopted) on behalf of an exchange: the input to write first, the
 * {@code response.create} parameters, and where the outcome goes. Identified on the wire by
 * {@code response.metadata.camel_request}, which the server echoes in {@code response.created}/{@code response.done}.
 * State is guarded by the owning session's lock.
 */
final class ResponseRequest {

    static final String METADATA_KEY = "camel_request";

    final String requestId;
    final boolean outOfBand;
    final TurnInput input;
    /** The {@code response} object of {@code response.create}; null when the server creates the response (VAD). */
    final ObjectNode responseParams;
    final CompletableFuture<Void> written;
    /** Completed with the final response; null for InOnly requests, whose exchange completes once written. */
    final CompletableFuture<ResponseResult> result;
    /**
     * Set by whichever outcome is decided first (reply, failure, timeout), shared with the tool-loop continuations of the
     * same exchange: completions run later on a worker, so the decision, not the completion, must be first-wins.
     */
    final AtomicBoolean settled;

    /** The event ids written for this request (input and response.create), for error correlation. */
    final List<String> eventIds = new ArrayList<>();
    String createEventId;
    String responseId;
    boolean createSent;
    /** How many tool round trips led to this request (continuations count up). */
    int toolRounds;
    ScheduledFuture<?> timeout;

    ResponseRequest(String requestId, boolean outOfBand, TurnInput input, ObjectNode responseParams,
                    CompletableFuture<Void> written, CompletableFuture<ResponseResult> result) {
        this(requestId, outOfBand, input, responseParams, written, result, new AtomicBoolean());
    }

    private ResponseRequest(String requestId, boolean outOfBand, TurnInput input, ObjectNode responseParams,
                            CompletableFuture<Void> written, CompletableFuture<ResponseResult> result, AtomicBoolean settled) {
        this.settled = settled;
        this.requestId = requestId;
        this.outOfBand = outOfBand;
        this.input = input;
        this.responseParams = responseParams;
        this.written = written;
        this.result = result;
    }

    boolean adoptsServerResponse() {
        return responseParams == null;
    }

    /** The follow-up after tool outputs: same identity and waiter, new input, a fresh {@code response.create}. */
    ResponseRequest continuation(TurnInput toolOutputs, ObjectNode params) {
        return new ResponseRequest(requestId, outOfBand, toolOutputs, params, new CompletableFuture<>(), result, settled);
    }

    boolean waiting() {
        return result != null && !settled.get();
    }
}
