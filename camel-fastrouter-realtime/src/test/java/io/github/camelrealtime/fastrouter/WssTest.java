package io.github.camelrealtime.fastrouter;

import io.github.camelrealtime.fastrouter.test.RealtimeSimulator;
import io.github.camelrealtime.fastrouter.test.RealtimeSimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** wss:// with a test certificate trusted through sslContextParameters; without the trust store the handshake fails. */
class WssTest extends SimulatorTestSupport {

    @RegisterExtension
    static final RealtimeSimulatorExtension SIM = RealtimeSimulatorExtension.create(b -> b.tls(true));

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        KeyStoreParameters trust = new KeyStoreParameters();
        trust.setResource("classpath:" + RealtimeSimulator.trustStoreResource());
        trust.setPassword(RealtimeSimulator.trustStorePassword());
        trust.setType("PKCS12");
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setKeyStore(trust);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tmp);
        context.getRegistry().bind("simulatorTls", ssl);
        return context;
    }

    @Test
    void textOverWssWithTheTestCertificate() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = "fastrouter-realtime:secure?baseUrl=" + sim.tlsBaseUrl() + "&apiKey=" + RealtimeSimulator.DEFAULT_API_KEY
                     + "&dialect=ga&outputModalities=text&sslContextParameters=#simulatorTls";

        assertThat(template.requestBody(uri, "over TLS", String.class)).isEqualTo("echo: over TLS");
        assertThat(sim.lastConnection().isTls()).isTrue();
    }

    @Test
    void untrustedCertificateFailsTheExchange() {
        RealtimeSimulator sim = SIM.simulator();
        String uri = "fastrouter-realtime:untrusted?baseUrl=" + sim.tlsBaseUrl() + "&apiKey=" + RealtimeSimulator.DEFAULT_API_KEY
                     + "&dialect=ga&outputModalities=text&reconnect=false";

        Exchange result = template.send(uri, ExchangePattern.InOut, e -> e.getMessage().setBody("over TLS"));

        assertThat(result.getException()).isNotNull();
        assertThat(sim.connectionCount()).isZero();
    }
}
