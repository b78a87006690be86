package io.github.camelrealtime.examples.kafkapipeline;

import io.github.camelrealtime.fastrouter.FastRouterRealtimeConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The pipeline's routes in the Java DSL; {@code routes/kafka-pipeline.yaml} holds the same routes in YAML. Beans and
 * properties they expect: see {@link PipelineInstance}.
 */
public class KafkaPipelineRoutes extends RouteBuilder {

    /** The session options; the consumer of the same session name gets the same ones. */
    static final String SESSION = "fastrouter-realtime:calls?model={{fastrouter.model:openai/gpt-realtime}}"
                                  + "&turnDetection=server_vad&vadSilenceDurationMs=600"
                                  + "&sessionIdleTimeout={{pipeline.sessionIdleTimeout:60000}}"
                                  + "&instructions=RAW(You are a friendly phone assistant. Answer in one or two short sentences.)";

    @Override
    public void configure() {
        // call-audio: key = call id, value = raw audio bytes; in partition order, one frame at a time, InOnly
        from("kafka:call-audio?groupId={{pipeline.groupId:call-pipeline}}"
             + "&keyDeserializer=org.apache.kafka.common.serialization.StringDeserializer"
             + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
             + "&headerDeserializer=#class:org.apache.camel.component.kafka.serde.ToStringKafkaHeaderDeserializer"
             + "&headerFilterStrategy=#callAudioHeaders"
             + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
             + "&partitionAssignor=org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
                .routeId("call-audio")
                .setHeader(FastRouterRealtimeConstants.SESSION_KEY, header(KafkaConstants.KEY))
                .process("callTracker")
                .to(SESSION)                                          // completes once the frame is on the socket
                .filter(simple("${header." + CallTracker.CALL_ENDED + "} == 'true'"))
                    .setHeader(FastRouterRealtimeConstants.ACTION, constant("close"))
                    .to("fastrouter-realtime:calls")
                    .removeHeader(FastRouterRealtimeConstants.ACTION)
                .end()
                .process("commitOffset");                             // only now: at-least-once

        // every completed answer of every call: audio to call-replies, transcript to call-transcripts (key: call id)
        from(SESSION + "&delivery=responses&replyFormat=audio&openDefaultSession=false")
                .routeId("call-answers")
                .filter(simple("${header.CamelFastRouterRealtimeResponseStatus} == 'completed'"
                               + " && ${header.CamelFastRouterRealtimeSessionKey} != null"))
                    .setHeader(KafkaConstants.KEY, header(FastRouterRealtimeConstants.SESSION_KEY))
                    .setHeader("PipelineInstance", simple("${camelId}"))  // which instance answered (a Kafka header)
                    .to("kafka:call-replies?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer")
                    .setBody(header(FastRouterRealtimeConstants.TRANSCRIPT))
                    .to("kafka:call-transcripts?valueSerializer=org.apache.kafka.common.serialization.StringSerializer");
    }
}
