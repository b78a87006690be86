package io.github.camelrealtime.examples.twilio;

import java.util.ArrayList;
import java.util.List;

/** What happened on one call (or browser session), as the bridge saw it. Thread-safe; {@link #toString()} prints it. */
public final class CallReport {

    /** A barge-in: the caller spoke while hearing {@code itemId}; {@code playedMs} of it were heard, {@code sentMs} sent. */
    public record BargeIn(String itemId, long playedMs, long sentMs) {
    }

    private final String key;
    private final String channel;
    private volatile String callSid;
    private long framesIn;
    private long framesDropped;
    private long audioOutBytes;
    private long mediaOut;
    private long marksSent;
    private long marksAcknowledged;
    private long clears;
    private long malformed;
    private long unknown;
    private final List<BargeIn> bargeIns = new ArrayList<>();
    private final List<String> responses = new ArrayList<>();
    private final List<String> assistantTranscripts = new ArrayList<>();
    private final List<String> callerTranscripts = new ArrayList<>();
    private final List<String> digits = new ArrayList<>();
    private volatile boolean closed;
    private volatile String pageStatus;

    CallReport(String key, String channel) {
        this.key = key;
        this.channel = channel;
    }

    public String key() {
        return key;
    }

    public String channel() {
        return channel;
    }

    public String callSid() {
        return callSid;
    }

    void callSid(String sid) {
        this.callSid = sid;
    }

    synchronized void frameIn() {
        framesIn++;
    }

    synchronized void frameDropped() {
        framesDropped++;
    }

    synchronized void audioOut(int bytes) {
        audioOutBytes += bytes;
        mediaOut++;
        marksSent++;
    }

    synchronized void markAcknowledged() {
        marksAcknowledged++;
    }

    synchronized void bargeIn(BargeIn b) {
        clears++;
        bargeIns.add(b);
    }

    synchronized void skippedMalformed() {
        malformed++;
    }

    synchronized void skippedUnknown() {
        unknown++;
    }

    synchronized void response(String status) {
        responses.add(status);
    }

    synchronized void assistantTranscript(String t) {
        assistantTranscripts.add(t);
    }

    synchronized void callerTranscript(String t) {
        callerTranscripts.add(t);
    }

    synchronized void digit(String d) {
        digits.add(d);
    }

    /** The last {@code status} the browser page reported (JSON: what it shows and played), or null. */
    public String pageStatus() {
        return pageStatus;
    }

    void pageStatus(String json) {
        this.pageStatus = json;
    }

    void closed() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public synchronized long framesIn() {
        return framesIn;
    }

    public synchronized long framesDropped() {
        return framesDropped;
    }

    public synchronized long audioOutBytes() {
        return audioOutBytes;
    }

    public synchronized long mediaOut() {
        return mediaOut;
    }

    public synchronized long marksSent() {
        return marksSent;
    }

    public synchronized long marksAcknowledged() {
        return marksAcknowledged;
    }

    public synchronized long clears() {
        return clears;
    }

    public synchronized long malformed() {
        return malformed;
    }

    public synchronized long unknown() {
        return unknown;
    }

    public synchronized List<BargeIn> bargeIns() {
        return List.copyOf(bargeIns);
    }

    public synchronized List<String> responses() {
        return List.copyOf(responses);
    }

    public synchronized List<String> assistantTranscripts() {
        return List.copyOf(assistantTranscripts);
    }

    public synchronized List<String> callerTranscripts() {
        return List.copyOf(callerTranscripts);
    }

    public synchronized List<String> digits() {
        return List.copyOf(digits);
    }

    @Override
    public synchronized String toString() {
        return channel + " " + key + (callSid == null ? "" : " (call " + callSid + ")") + ": " + framesIn + " caller frames in"
               + (framesDropped > 0 ? " (" + framesDropped + " dropped)" : "") + ", " + mediaOut + " media messages out ("
               + audioOutBytes + " bytes), marks " + marksAcknowledged + "/" + marksSent + " acknowledged, " + clears + " clear, responses "
               + responses + ", barge-ins " + bargeIns + (digits.isEmpty() ? "" : ", digits " + digits)
               + (malformed + unknown > 0 ? ", skipped " + malformed + " malformed and " + unknown + " unknown messages" : "");
    }
}
