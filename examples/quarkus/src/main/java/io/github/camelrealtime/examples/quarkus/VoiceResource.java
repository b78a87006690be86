package io.github.camelrealtime.examples.quarkus;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.Message;

/**
 * {@code POST /voice/ask}: the request body goes to {@code direct:ask} ({@link VoiceRoutes}); the message that comes
 * back is the HTTP response (its {@code CamelHttpResponseCode}, {@code Content-Type}, the {@code X-} headers and the
 * body). It runs on a worker thread: the exchange waits for the spoken answer.
 */
@Path(VoiceRoutes.ASK_PATH)
public class VoiceResource {

    @Inject
    FluentProducerTemplate producer;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response ask(byte[] body) {
        Exchange exchange = producer.to(VoiceRoutes.ASK_ENDPOINT).withBody(body).send();
        Message reply = exchange.getMessage();
        Response.ResponseBuilder response = Response.status(reply.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class))
                .type(reply.getHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM, String.class))
                .entity(reply.getBody(byte[].class));
        for (String name : new String[] {VoiceRoutes.TRANSCRIPT_HEADER, VoiceRoutes.STATUS_HEADER, VoiceRoutes.TOKENS_HEADER}) {
            Object value = reply.getHeader(name);
            if (value != null) {
                response.header(name, value);
            }
        }
        return response.build();
    }
}
