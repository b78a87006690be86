package io.github.camelrealtime.examples.kafkapipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the frame's Kafka offset. The routes call it after the frame has been written to the Realtime socket (the
 * InOnly {@code fastrouter-realtime} step completes only then), so a crash re-delivers a frame rather than losing it.
 * Needs {@code allowManualCommit=true} and {@code autoCommitEnable=false} on the consumer. Bound as bean
 * {@code commitOffset}.
 *
 * <p>A commit refused because the group is rebalancing does not fail the frame: it is already on the socket, failing
 * it would only make camel-kafka re-subscribe (revoking every partition of the instance) and write it again. If the
 * partition stays, the next frame's commit covers this one; if it moves, the new owner gets this frame once more
 * (at-least-once).
 */
public final class CommitOffset implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CommitOffset.class);

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("No " + KafkaConstants.MANUAL_COMMIT + " header: the kafka consumer needs "
                                            + "allowManualCommit=true and autoCommitEnable=false");
        }
        try {
            commit.commit();
        } catch (RuntimeException e) {
            if (!rebalancing(e)) {
                throw e;
            }
            LOG.debug("Offset {} of {} not committed during a rebalance: {}", exchange.getMessage().getHeader(KafkaConstants.OFFSET),
                    exchange.getMessage().getHeader(KafkaConstants.KEY), e.getMessage());
        }
    }

    private static boolean rebalancing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RebalanceInProgressException || t instanceof CommitFailedException) {
                return true;
            }
        }
        return false;
    }
}
