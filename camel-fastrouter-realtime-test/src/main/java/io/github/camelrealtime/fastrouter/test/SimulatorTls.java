package io.github.camelrealtime.fastrouter.test;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The bundled TLS material of {@link RealtimeSimulator}: a self-signed certificate for tests only, its key in a PKCS12
 * keystore (for the wss listener) and the certificate in a PKCS12 truststore (for clients). Stateless.
 */
final class SimulatorTls {

    private static final String TLS_DIR = "io/github/camelrealtime/fastrouter/test/tls/";
    private static final String KEYSTORE = TLS_DIR + "simulator-keystore.p12";
    static final String TRUSTSTORE = TLS_DIR + "simulator-truststore.p12";
    static final String STORE_PASSWORD = "simulator";

    private SimulatorTls() {
    }

    /** An SSLContext that trusts the simulator's certificate. */
    static SSLContext clientSslContext() {
        try (InputStream in = resource(TRUSTSTORE)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the simulator truststore", e);
        }
    }

    /** The SSLContext of the wss listener, presenting the simulator's certificate. */
    static SSLContext serverSslContext() {
        try (InputStream in = resource(KEYSTORE)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the simulator keystore", e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = RealtimeSimulator.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("resource not found on the classpath: " + path);
        }
        return in;
    }
}
