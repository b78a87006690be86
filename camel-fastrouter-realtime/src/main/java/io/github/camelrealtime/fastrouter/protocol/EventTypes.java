package io.github.camelrealtime.fastrouter.protocol;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every Realtime event type of both dialects and both directions, as known from the OpenAI SDK type unions plus the
 * names seen on the wire ({@code protocol-event-catalog.json}). Constants hold canonical (GA) names, named after the
 * type in upper case with dots as underscores ({@link #RESPONSE_OUTPUT_AUDIO_DELTA}); the {@code response.output_*}
 * types also have short aliases without {@code RESPONSE_} ({@link #OUTPUT_AUDIO_DELTA}); beta-only wire names carry
 * a {@code BETA_} prefix. Lookups accept the name of any
 * dialect. The name {@code conversation.item.created} is both a GA type and the beta name of
 * {@code conversation.item.added}: {@link #canonical(String)} keeps it as is, {@link #canonicalTypesFor(String)}
 * returns both meanings.
 */
public final class EventTypes {

    // client events (canonical = GA wire names)
    public static final String CONVERSATION_ITEM_CREATE = "conversation.item.create";
    public static final String CONVERSATION_ITEM_DELETE = "conversation.item.delete";
    public static final String CONVERSATION_ITEM_RETRIEVE = "conversation.item.retrieve";
    public static final String CONVERSATION_ITEM_TRUNCATE = "conversation.item.truncate";
    public static final String INPUT_AUDIO_BUFFER_APPEND = "input_audio_buffer.append";
    public static final String INPUT_AUDIO_BUFFER_CLEAR = "input_audio_buffer.clear";
    public static final String INPUT_AUDIO_BUFFER_COMMIT = "input_audio_buffer.commit";
    public static final String OUTPUT_AUDIO_BUFFER_CLEAR = "output_audio_buffer.clear";
    public static final String RESPONSE_CANCEL = "response.cancel";
    public static final String RESPONSE_CREATE = "response.create";
    public static final String SESSION_UPDATE = "session.update";
    /** GA only; accepted on the wire although absent from the SDK union. */
    public static final String SESSION_CLOSE = "session.close";

    // server events (canonical = GA wire names)
    public static final String CONVERSATION_CREATED = "conversation.created";
    public static final String CONVERSATION_ITEM_ADDED = "conversation.item.added";
    public static final String CONVERSATION_ITEM_CREATED = "conversation.item.created";
    public static final String CONVERSATION_ITEM_DELETED = "conversation.item.deleted";
    public static final String CONVERSATION_ITEM_DONE = "conversation.item.done";
    public static final String CONVERSATION_ITEM_RETRIEVED = "conversation.item.retrieved";
    public static final String CONVERSATION_ITEM_TRUNCATED = "conversation.item.truncated";
    public static final String CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED =
            "conversation.item.input_audio_transcription.completed";
    public static final String CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_DELTA =
            "conversation.item.input_audio_transcription.delta";
    public static final String CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_FAILED =
            "conversation.item.input_audio_transcription.failed";
    public static final String CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_SEGMENT =
            "conversation.item.input_audio_transcription.segment";
    public static final String ERROR = "error";
    public static final String INPUT_AUDIO_BUFFER_CLEARED = "input_audio_buffer.cleared";
    public static final String INPUT_AUDIO_BUFFER_COMMITTED = "input_audio_buffer.committed";
    public static final String INPUT_AUDIO_BUFFER_DTMF_EVENT_RECEIVED = "input_audio_buffer.dtmf_event_received";
    public static final String INPUT_AUDIO_BUFFER_SPEECH_STARTED = "input_audio_buffer.speech_started";
    public static final String INPUT_AUDIO_BUFFER_SPEECH_STOPPED = "input_audio_buffer.speech_stopped";
    public static final String INPUT_AUDIO_BUFFER_TIMEOUT_TRIGGERED = "input_audio_buffer.timeout_triggered";
    public static final String OUTPUT_AUDIO_BUFFER_STARTED = "output_audio_buffer.started";
    public static final String OUTPUT_AUDIO_BUFFER_STOPPED = "output_audio_buffer.stopped";
    public static final String OUTPUT_AUDIO_BUFFER_CLEARED = "output_audio_buffer.cleared";
    public static final String RATE_LIMITS_UPDATED = "rate_limits.updated";
    public static final String RESPONSE_CREATED = "response.created";
    public static final String RESPONSE_DONE = "response.done";
    public static final String RESPONSE_CONTENT_PART_ADDED = "response.content_part.added";
    public static final String RESPONSE_CONTENT_PART_DONE = "response.content_part.done";
    public static final String RESPONSE_FUNCTION_CALL_ARGUMENTS_DELTA = "response.function_call_arguments.delta";
    public static final String RESPONSE_FUNCTION_CALL_ARGUMENTS_DONE = "response.function_call_arguments.done";
    public static final String RESPONSE_OUTPUT_ITEM_ADDED = "response.output_item.added";
    public static final String RESPONSE_OUTPUT_ITEM_DONE = "response.output_item.done";
    public static final String RESPONSE_OUTPUT_AUDIO_DELTA = "response.output_audio.delta";
    public static final String RESPONSE_OUTPUT_AUDIO_DONE = "response.output_audio.done";
    public static final String RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DELTA = "response.output_audio_transcript.delta";
    public static final String RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DONE = "response.output_audio_transcript.done";
    public static final String RESPONSE_OUTPUT_TEXT_DELTA = "response.output_text.delta";
    public static final String RESPONSE_OUTPUT_TEXT_DONE = "response.output_text.done";
    // short aliases of the response.output_* names
    public static final String OUTPUT_ITEM_ADDED = RESPONSE_OUTPUT_ITEM_ADDED;
    public static final String OUTPUT_ITEM_DONE = RESPONSE_OUTPUT_ITEM_DONE;
    public static final String OUTPUT_AUDIO_DELTA = RESPONSE_OUTPUT_AUDIO_DELTA;
    public static final String OUTPUT_AUDIO_DONE = RESPONSE_OUTPUT_AUDIO_DONE;
    public static final String OUTPUT_AUDIO_TRANSCRIPT_DELTA = RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DELTA;
    public static final String OUTPUT_AUDIO_TRANSCRIPT_DONE = RESPONSE_OUTPUT_AUDIO_TRANSCRIPT_DONE;
    public static final String OUTPUT_TEXT_DELTA = RESPONSE_OUTPUT_TEXT_DELTA;
    public static final String OUTPUT_TEXT_DONE = RESPONSE_OUTPUT_TEXT_DONE;
    public static final String RESPONSE_MCP_CALL_ARGUMENTS_DELTA = "response.mcp_call_arguments.delta";
    public static final String RESPONSE_MCP_CALL_ARGUMENTS_DONE = "response.mcp_call_arguments.done";
    public static final String RESPONSE_MCP_CALL_IN_PROGRESS = "response.mcp_call.in_progress";
    public static final String RESPONSE_MCP_CALL_COMPLETED = "response.mcp_call.completed";
    public static final String RESPONSE_MCP_CALL_FAILED = "response.mcp_call.failed";
    public static final String MCP_LIST_TOOLS_IN_PROGRESS = "mcp_list_tools.in_progress";
    public static final String MCP_LIST_TOOLS_COMPLETED = "mcp_list_tools.completed";
    public static final String MCP_LIST_TOOLS_FAILED = "mcp_list_tools.failed";
    public static final String SESSION_CREATED = "session.created";
    public static final String SESSION_UPDATED = "session.updated";

    // beta wire names that differ from the canonical ones
    public static final String BETA_TRANSCRIPTION_SESSION_UPDATE = "transcription_session.update";
    public static final String BETA_TRANSCRIPTION_SESSION_CREATED = "transcription_session.created";
    public static final String BETA_TRANSCRIPTION_SESSION_UPDATED = "transcription_session.updated";
    public static final String BETA_RESPONSE_TEXT_DELTA = "response.text.delta";
    public static final String BETA_RESPONSE_TEXT_DONE = "response.text.done";
    public static final String BETA_RESPONSE_AUDIO_DELTA = "response.audio.delta";
    public static final String BETA_RESPONSE_AUDIO_DONE = "response.audio.done";
    public static final String BETA_RESPONSE_AUDIO_TRANSCRIPT_DELTA = "response.audio_transcript.delta";
    public static final String BETA_RESPONSE_AUDIO_TRANSCRIPT_DONE = "response.audio_transcript.done";
    /** Early WebRTC-only name of {@link #OUTPUT_AUDIO_BUFFER_STARTED}. */
    public static final String BETA_OUTPUT_AUDIO_BUFFER_AUDIO_STARTED = "output_audio_buffer.audio_started";
    /** Early WebRTC-only name of {@link #OUTPUT_AUDIO_BUFFER_STOPPED}. */
    public static final String BETA_OUTPUT_AUDIO_BUFFER_AUDIO_STOPPED = "output_audio_buffer.audio_stopped";
    /** Early WebRTC-only name of {@link #OUTPUT_AUDIO_BUFFER_CLEARED}. */
    public static final String BETA_OUTPUT_AUDIO_BUFFER_AUDIO_CLEARED = "output_audio_buffer.audio_cleared";

    private static final Set<String> BETA_CLIENT = ordered(
            CONVERSATION_ITEM_CREATE, CONVERSATION_ITEM_DELETE, CONVERSATION_ITEM_RETRIEVE, CONVERSATION_ITEM_TRUNCATE,
            INPUT_AUDIO_BUFFER_APPEND, INPUT_AUDIO_BUFFER_CLEAR, OUTPUT_AUDIO_BUFFER_CLEAR, INPUT_AUDIO_BUFFER_COMMIT,
            RESPONSE_CANCEL, RESPONSE_CREATE, SESSION_UPDATE, BETA_TRANSCRIPTION_SESSION_UPDATE);

    private static final Set<String> GA_CLIENT = ordered(
            CONVERSATION_ITEM_CREATE, CONVERSATION_ITEM_DELETE, CONVERSATION_ITEM_RETRIEVE, CONVERSATION_ITEM_TRUNCATE,
            INPUT_AUDIO_BUFFER_APPEND, INPUT_AUDIO_BUFFER_CLEAR, OUTPUT_AUDIO_BUFFER_CLEAR, INPUT_AUDIO_BUFFER_COMMIT,
            RESPONSE_CANCEL, RESPONSE_CREATE, SESSION_UPDATE, SESSION_CLOSE);

    private static final Set<String> BETA_SERVER = ordered(
            CONVERSATION_CREATED, CONVERSATION_ITEM_CREATED, CONVERSATION_ITEM_DELETED,
            CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED, CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_DELTA,
            CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_FAILED, CONVERSATION_ITEM_RETRIEVED, CONVERSATION_ITEM_TRUNCATED,
            ERROR, INPUT_AUDIO_BUFFER_CLEARED, INPUT_AUDIO_BUFFER_COMMITTED, INPUT_AUDIO_BUFFER_SPEECH_STARTED,
            INPUT_AUDIO_BUFFER_SPEECH_STOPPED, RATE_LIMITS_UPDATED, BETA_RESPONSE_AUDIO_DELTA, BETA_RESPONSE_AUDIO_DONE,
            BETA_RESPONSE_AUDIO_TRANSCRIPT_DELTA, BETA_RESPONSE_AUDIO_TRANSCRIPT_DONE, RESPONSE_CONTENT_PART_ADDED,
            RESPONSE_CONTENT_PART_DONE, RESPONSE_CREATED, RESPONSE_DONE, RESPONSE_FUNCTION_CALL_ARGUMENTS_DELTA,
            RESPONSE_FUNCTION_CALL_ARGUMENTS_DONE, OUTPUT_ITEM_ADDED, OUTPUT_ITEM_DONE, BETA_RESPONSE_TEXT_DELTA,
            BETA_RESPONSE_TEXT_DONE, SESSION_CREATED, SESSION_UPDATED, BETA_TRANSCRIPTION_SESSION_UPDATED,
            OUTPUT_AUDIO_BUFFER_STARTED, OUTPUT_AUDIO_BUFFER_STOPPED, OUTPUT_AUDIO_BUFFER_CLEARED,
            // seen on the wire, not in the SDK union
            BETA_TRANSCRIPTION_SESSION_CREATED, BETA_OUTPUT_AUDIO_BUFFER_AUDIO_STARTED,
            BETA_OUTPUT_AUDIO_BUFFER_AUDIO_STOPPED, BETA_OUTPUT_AUDIO_BUFFER_AUDIO_CLEARED);

    private static final Set<String> GA_SERVER = ordered(
            CONVERSATION_CREATED, CONVERSATION_ITEM_CREATED, CONVERSATION_ITEM_DELETED,
            CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_COMPLETED, CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_DELTA,
            CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_FAILED, CONVERSATION_ITEM_RETRIEVED, CONVERSATION_ITEM_TRUNCATED,
            ERROR, INPUT_AUDIO_BUFFER_CLEARED, INPUT_AUDIO_BUFFER_COMMITTED, INPUT_AUDIO_BUFFER_DTMF_EVENT_RECEIVED,
            INPUT_AUDIO_BUFFER_SPEECH_STARTED, INPUT_AUDIO_BUFFER_SPEECH_STOPPED, RATE_LIMITS_UPDATED,
            OUTPUT_AUDIO_DELTA, OUTPUT_AUDIO_DONE, OUTPUT_AUDIO_TRANSCRIPT_DELTA, OUTPUT_AUDIO_TRANSCRIPT_DONE,
            RESPONSE_CONTENT_PART_ADDED, RESPONSE_CONTENT_PART_DONE, RESPONSE_CREATED, RESPONSE_DONE,
            RESPONSE_FUNCTION_CALL_ARGUMENTS_DELTA, RESPONSE_FUNCTION_CALL_ARGUMENTS_DONE, OUTPUT_ITEM_ADDED,
            OUTPUT_ITEM_DONE, OUTPUT_TEXT_DELTA, OUTPUT_TEXT_DONE, SESSION_CREATED, SESSION_UPDATED,
            OUTPUT_AUDIO_BUFFER_STARTED, OUTPUT_AUDIO_BUFFER_STOPPED, OUTPUT_AUDIO_BUFFER_CLEARED,
            CONVERSATION_ITEM_ADDED, CONVERSATION_ITEM_DONE, INPUT_AUDIO_BUFFER_TIMEOUT_TRIGGERED,
            CONVERSATION_ITEM_INPUT_AUDIO_TRANSCRIPTION_SEGMENT, MCP_LIST_TOOLS_IN_PROGRESS, MCP_LIST_TOOLS_COMPLETED,
            MCP_LIST_TOOLS_FAILED, RESPONSE_MCP_CALL_ARGUMENTS_DELTA, RESPONSE_MCP_CALL_ARGUMENTS_DONE,
            RESPONSE_MCP_CALL_IN_PROGRESS, RESPONSE_MCP_CALL_COMPLETED, RESPONSE_MCP_CALL_FAILED);

    /** Canonical type to the name a beta peer uses; types not listed keep their name. */
    static final Map<String, String> CANONICAL_TO_BETA = Map.of(
            OUTPUT_TEXT_DELTA, BETA_RESPONSE_TEXT_DELTA,
            OUTPUT_TEXT_DONE, BETA_RESPONSE_TEXT_DONE,
            OUTPUT_AUDIO_DELTA, BETA_RESPONSE_AUDIO_DELTA,
            OUTPUT_AUDIO_DONE, BETA_RESPONSE_AUDIO_DONE,
            OUTPUT_AUDIO_TRANSCRIPT_DELTA, BETA_RESPONSE_AUDIO_TRANSCRIPT_DELTA,
            OUTPUT_AUDIO_TRANSCRIPT_DONE, BETA_RESPONSE_AUDIO_TRANSCRIPT_DONE,
            CONVERSATION_ITEM_ADDED, CONVERSATION_ITEM_CREATED);

    /** Beta wire name to canonical type; names not listed are canonical already. */
    static final Map<String, String> BETA_TO_CANONICAL = Map.ofEntries(
            Map.entry(BETA_RESPONSE_TEXT_DELTA, OUTPUT_TEXT_DELTA),
            Map.entry(BETA_RESPONSE_TEXT_DONE, OUTPUT_TEXT_DONE),
            Map.entry(BETA_RESPONSE_AUDIO_DELTA, OUTPUT_AUDIO_DELTA),
            Map.entry(BETA_RESPONSE_AUDIO_DONE, OUTPUT_AUDIO_DONE),
            Map.entry(BETA_RESPONSE_AUDIO_TRANSCRIPT_DELTA, OUTPUT_AUDIO_TRANSCRIPT_DELTA),
            Map.entry(BETA_RESPONSE_AUDIO_TRANSCRIPT_DONE, OUTPUT_AUDIO_TRANSCRIPT_DONE),
            Map.entry(CONVERSATION_ITEM_CREATED, CONVERSATION_ITEM_ADDED),
            Map.entry(BETA_TRANSCRIPTION_SESSION_UPDATE, SESSION_UPDATE),
            Map.entry(BETA_TRANSCRIPTION_SESSION_CREATED, SESSION_CREATED),
            Map.entry(BETA_TRANSCRIPTION_SESSION_UPDATED, SESSION_UPDATED),
            Map.entry(BETA_OUTPUT_AUDIO_BUFFER_AUDIO_STARTED, OUTPUT_AUDIO_BUFFER_STARTED),
            Map.entry(BETA_OUTPUT_AUDIO_BUFFER_AUDIO_STOPPED, OUTPUT_AUDIO_BUFFER_STOPPED),
            Map.entry(BETA_OUTPUT_AUDIO_BUFFER_AUDIO_CLEARED, OUTPUT_AUDIO_BUFFER_CLEARED));

    private static final Set<String> ALL_CLIENT = union(BETA_CLIENT, GA_CLIENT);
    private static final Set<String> ALL_SERVER = union(BETA_SERVER, GA_SERVER);

    private EventTypes() {
    }

    /** True for a client event type of either dialect. */
    public static boolean isClientType(String anyDialectName) {
        return ALL_CLIENT.contains(anyDialectName);
    }

    /** True for a server event type of either dialect. */
    public static boolean isServerType(String anyDialectName) {
        return ALL_SERVER.contains(anyDialectName);
    }

    /** True for any type this catalog knows. */
    public static boolean isKnownType(String anyDialectName) {
        return isClientType(anyDialectName) || isServerType(anyDialectName);
    }

    /**
     * The canonical (GA) name of a type given in either dialect. A GA name stays as it is (so
     * {@code conversation.item.created} stays), a beta-only name is translated, an unknown name is returned unchanged.
     */
    public static String canonical(String anyDialectName) {
        Objects.requireNonNull(anyDialectName, "anyDialectName");
        if (GA_CLIENT.contains(anyDialectName) || GA_SERVER.contains(anyDialectName)) {
            return anyDialectName;
        }
        return BETA_TO_CANONICAL.getOrDefault(anyDialectName, anyDialectName);
    }

    /**
     * Every canonical type a name may denote, for filters that accept names of either dialect:
     * {@code conversation.item.created} yields itself (GA) and {@code conversation.item.added} (its beta meaning).
     */
    public static Set<String> canonicalTypesFor(String anyDialectName) {
        Objects.requireNonNull(anyDialectName, "anyDialectName");
        Set<String> result = new LinkedHashSet<>();
        if (GA_CLIENT.contains(anyDialectName) || GA_SERVER.contains(anyDialectName)) {
            result.add(anyDialectName);
        }
        String fromBeta = BETA_TO_CANONICAL.get(anyDialectName);
        if (fromBeta != null) {
            result.add(fromBeta);
        }
        if (result.isEmpty()) {
            result.add(anyDialectName);
        }
        return Collections.unmodifiableSet(result);
    }

    /** The client event types a dialect puts on the wire (its own names). */
    public static Set<String> clientTypes(Dialect dialect) {
        return switch (Objects.requireNonNull(dialect, "dialect")) {
            case BETA -> BETA_CLIENT;
            case GA -> GA_CLIENT;
        };
    }

    /** The server event types a dialect puts on the wire (its own names, including those seen only on the wire). */
    public static Set<String> serverTypes(Dialect dialect) {
        return switch (Objects.requireNonNull(dialect, "dialect")) {
            case BETA -> BETA_SERVER;
            case GA -> GA_SERVER;
        };
    }

    /** Client event types of both dialects, sorted (for messages). */
    public static Set<String> allClientTypes() {
        return ALL_CLIENT;
    }

    /** Server event types of both dialects, sorted. */
    public static Set<String> allServerTypes() {
        return ALL_SERVER;
    }

    /**
     * The JSON field that carries base64 audio in events of this canonical type: {@code "audio"} for
     * {@code input_audio_buffer.append}, {@code "delta"} for {@code response.output_audio.delta}; otherwise null.
     */
    public static String audioField(String canonicalType) {
        if (INPUT_AUDIO_BUFFER_APPEND.equals(canonicalType)) {
            return "audio";
        }
        if (OUTPUT_AUDIO_DELTA.equals(canonicalType)) {
            return "delta";
        }
        return null;
    }

    private static Set<String> ordered(String... names) {
        Set<String> set = new LinkedHashSet<>();
        for (String name : names) {
            if (!set.add(name)) {
                throw new IllegalStateException("duplicate event type " + name);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> set = new TreeSet<>(a);
        set.addAll(b);
        return Collections.unmodifiableSet(set);
    }
}
