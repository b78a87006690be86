package io.github.camelrealtime.fastrouter.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.betaRenames;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.catalogClientTypes;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.catalogServerTypes;
import static io.github.camelrealtime.fastrouter.protocol.ProtocolTestSupport.expectedCanonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesCatalogTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void hardCodedTypesAreExactlyTheCatalogs(Dialect dialect) {
        assertThat(EventTypes.clientTypes(dialect)).containsExactlyInAnyOrderElementsOf(catalogClientTypes(dialect));
        assertThat(EventTypes.serverTypes(dialect)).containsExactlyInAnyOrderElementsOf(catalogServerTypes(dialect));
    }

    @Test
    void everyConstantIsACatalogTypeAndEveryCatalogTypeHasAConstant() throws IllegalAccessException {
        Set<String> constants = new HashSet<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        Set<String> catalog = new HashSet<>();
        for (Dialect dialect : Dialect.values()) {
            catalog.addAll(catalogClientTypes(dialect));
            catalog.addAll(catalogServerTypes(dialect));
        }
        assertThat(constants).containsExactlyInAnyOrderElementsOf(catalog);
    }

    @Test
    void theSessionLayersNamesHoldTheGaNames() {
        assertThat(EventTypes.OUTPUT_AUDIO_DELTA).isEqualTo("response.output_audio.delta")
                .isEqualTo(EventTypes.RESPONSE_OUTPUT_AUDIO_DELTA);
        assertThat(EventTypes.OUTPUT_TEXT_DELTA).isEqualTo("response.output_text.delta");
        assertThat(EventTypes.OUTPUT_AUDIO_TRANSCRIPT_DELTA).isEqualTo("response.output_audio_transcript.delta");
        assertThat(EventTypes.SESSION_CREATED).isEqualTo("session.created");
        assertThat(EventTypes.ERROR).isEqualTo("error");
    }

    @Test
    void betaRenamesOfTheCatalogMapBothWays() {
        for (Map.Entry<String, String> rename : betaRenames().entrySet()) {
            assertThat(Dialect.BETA.canonicalType(rename.getKey())).as(rename.getKey()).isEqualTo(rename.getValue());
            assertThat(EventTypes.canonicalTypesFor(rename.getKey())).contains(rename.getValue());
        }
        assertThat(Dialect.BETA.wireType("response.output_audio.delta")).isEqualTo("response.audio.delta");
        assertThat(Dialect.BETA.wireType("response.output_text.done")).isEqualTo("response.text.done");
        assertThat(Dialect.BETA.wireType("response.output_audio_transcript.delta"))
                .isEqualTo("response.audio_transcript.delta");
        assertThat(Dialect.BETA.wireType("conversation.item.added")).isEqualTo("conversation.item.created");
        assertThat(Dialect.BETA.wireType("output_audio_buffer.started")).isEqualTo("output_audio_buffer.started");
        assertThat(Dialect.BETA.wireType("session.updated")).isEqualTo("session.updated");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyWireTypeOfTheDialectHasItsExpectedGaCanonicalType(Dialect dialect) {
        for (String wire : catalogServerTypes(dialect)) {
            String canonical = dialect.canonicalType(wire);
            assertThat(canonical).as(wire).isEqualTo(expectedCanonical(dialect, wire));
            assertThat(EventTypes.serverTypes(Dialect.GA)).as("canonical of %s is a GA type", wire).contains(canonical);
        }
        for (String wire : catalogClientTypes(dialect)) {
            assertThat(EventTypes.clientTypes(Dialect.GA)).contains(dialect.canonicalType(wire));
        }
    }

    @Test
    void gaKeepsItsOwnConversationItemCreatedWhileBetaMeansAdded() {
        assertThat(Dialect.GA.canonicalType("conversation.item.created")).isEqualTo("conversation.item.created");
        assertThat(Dialect.BETA.canonicalType("conversation.item.created")).isEqualTo("conversation.item.added");
        assertThat(EventTypes.canonical("conversation.item.created")).isEqualTo("conversation.item.created");
        assertThat(EventTypes.canonicalTypesFor("conversation.item.created"))
                .containsExactly("conversation.item.created", "conversation.item.added");
        assertThat(EventTypes.canonicalTypesFor("response.done")).containsExactly("response.done");
    }

    @Test
    void lookupsAcceptEitherDialectsNames() {
        assertThat(EventTypes.canonical("response.text.delta")).isEqualTo("response.output_text.delta");
        assertThat(EventTypes.canonical("transcription_session.update")).isEqualTo("session.update");
        assertThat(EventTypes.canonical("transcription_session.created")).isEqualTo("session.created");
        assertThat(EventTypes.canonical("output_audio_buffer.audio_stopped")).isEqualTo("output_audio_buffer.stopped");
        assertThat(EventTypes.canonical("something.new")).isEqualTo("something.new");
        assertThat(EventTypes.isClientType("transcription_session.update")).isTrue();
        assertThat(EventTypes.isClientType("session.close")).isTrue();
        assertThat(EventTypes.isClientType("response.done")).isFalse();
        assertThat(EventTypes.isServerType("response.audio.delta")).isTrue();
        assertThat(EventTypes.isServerType("mcp_list_tools.failed")).isTrue();
        assertThat(EventTypes.isServerType("response.create")).isFalse();
        assertThat(EventTypes.isKnownType("nope")).isFalse();
        assertThat(EventTypes.audioField("input_audio_buffer.append")).isEqualTo("audio");
        assertThat(EventTypes.audioField("response.output_audio.delta")).isEqualTo("delta");
        assertThat(EventTypes.audioField("response.output_text.delta")).isNull();
    }

    @Test
    void dialectNamesParseIgnoringCaseAndRejectOthersClearly() {
        assertThat(Dialect.fromName("BETA")).isEqualTo(Dialect.BETA);
        assertThat(Dialect.fromName(" ga ")).isEqualTo(Dialect.GA);
        assertThat(List.of(Dialect.BETA.wireName(), Dialect.GA.wireName())).containsExactly("beta", "ga");
        assertThatThrownBy(() -> Dialect.fromName("auto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'auto'").hasMessageContaining("beta or ga");
        assertThatThrownBy(() -> Dialect.fromName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
