package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Nothing the hub logs while publishing, failing and querying contains the bearer token or event data. */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneIT extends HubIntegrationTest {

    @Test
    void logsNeverContainTokensOrEventData(CapturedOutput output) {
        String token = hub.token("/org/skd");
        String resource = "urn:altinn:resource:skd-skattemelding";
        String secretData = "data-that-must-not-be-logged-" + System.nanoTime();
        String event = "{\"specversion\":\"1.0\",\"id\":\"log-" + secretData + "\",\"source\":\"urn:log\",\"type\":\"t\","
                + "\"resource\":\"" + resource + "\",\"data\":{\"note\":\"" + secretData + "\"}}";

        assertThat(hub.publish(token, STRUCTURED, event).statusCode()).isEqualTo(201);
        assertThat(hub.publish(token, STRUCTURED, event.replace("\"t\"", "\"changed\"")).statusCode()).isEqualTo(409);
        assertThat(hub.publish(token, STRUCTURED, event.replace("\"1.0\"", "\"0.3\"")).statusCode()).isEqualTo(400);
        assertThat(hub.publish(token, STRUCTURED, "{\"note\":\"" + secretData + "\"").statusCode()).isEqualTo(400);
        assertThat(hub.get(token, "/events/api/v1/events?resource=" + resource + "&after=0&size=1000").statusCode()).isEqualTo(200);
        assertThat(hub.post("/events/api/v1/events", token + "tampered", Map.of("Content-Type", STRUCTURED),
                event.getBytes()).statusCode()).isEqualTo(401);

        assertThat(output.getAll()).doesNotContain(token).doesNotContain(secretData);
    }
}
