package io.github.camelrealtime.fastrouter;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;

/**
 * Adds and removes the producer readiness check in Camel's {@code producers} repository. A class of its own so that the
 * producer loads no camel-health type when camel-health (optional) is absent.
 */
final class ProducerHealthRegistration {

    private ProducerHealthRegistration() {
    }

    static Object register(FastRouterRealtimeEndpoint endpoint) {
        WritableHealthCheckRepository repository = repository(endpoint);
        if (repository == null) {
            return null;
        }
        HealthCheck check = new FastRouterRealtimeProducerHealthCheck(endpoint);
        repository.addHealthCheck(check);
        return check;
    }

    static void unregister(FastRouterRealtimeEndpoint endpoint, Object check) {
        WritableHealthCheckRepository repository = repository(endpoint);
        if (repository != null) {
            repository.removeHealthCheck((HealthCheck) check);
        }
    }

    private static WritableHealthCheckRepository repository(FastRouterRealtimeEndpoint endpoint) {
        return HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers", WritableHealthCheckRepository.class);
    }
}
