package no.budstikke;

import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import no.budstikke.support.HubIntegrationTest;
import no.budstikke.support.TestCertificates;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Symbol;
import org.junit.jupiter.api.Test;

/**
 * The broker's TLS acceptor: a client that trusts the hub's certificate authority connects over AMQPS, authenticates
 * and publishes; plain TCP to the TLS port, or a client that does not trust the certificate, gets no connection.
 */
class AmqpsIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";

    @Test
    void aClientTrustingTheCertificateAuthorityPublishesOverTls() throws Exception {
        String id = newId();
        String url = "amqps://127.0.0.1:" + amqpsPort() + "?transport.trustStoreLocation=" + CERTIFICATES.trustStore()
                + "&transport.trustStorePassword=" + TestCertificates.TRUST_PASSWORD + "&transport.trustStoreType=PKCS12";
        try (Connection connection = new JmsConnectionFactory("it-publisher", BROKER_PASSWORD, url).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("events.inbound"));
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(event(id, RESOURCE, null).getBytes(StandardCharsets.UTF_8));
            ((AmqpJmsMessageFacade) ((JmsMessage) message).getFacade())
                    .setContentType(Symbol.valueOf("application/cloudevents+json"));
            producer.send(message);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> storedCount("urn:budstikke:test", id) == 1);
    }

    @Test
    void plainTcpToTheTlsPortGetsNoConnection() {
        assertNoConnection("amqp://127.0.0.1:" + amqpsPort() + "?jms.connectTimeout=5000");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateGetsNoConnection() {
        // The JVM's default trust store does not hold the tests' certificate authority.
        assertNoConnection("amqps://127.0.0.1:" + amqpsPort() + "?jms.connectTimeout=5000");
    }

    private static void assertNoConnection(String url) {
        assertThatThrownBy(() -> {
            try (Connection connection = new JmsConnectionFactory("it-publisher", BROKER_PASSWORD, url).createConnection()) {
                connection.start();
                connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            }
        }).isInstanceOf(JMSException.class);
    }
}
