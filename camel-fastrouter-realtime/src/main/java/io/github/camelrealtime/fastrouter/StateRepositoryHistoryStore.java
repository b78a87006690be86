package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.session.HistoryStore;
import org.apache.camel.spi.StateRepository;

/** The {@code historyRepository} bean as the session layer's {@link HistoryStore}. */
final class StateRepositoryHistoryStore implements HistoryStore {

    private final StateRepository<String, String> repository;

    StateRepositoryHistoryStore(StateRepository<String, String> repository) {
        this.repository = repository;
    }

    @Override
    public String load(String key) {
        return repository.getState(key);
    }

    @Override
    public void save(String key, String json) {
        repository.setState(key, json);
    }
}
