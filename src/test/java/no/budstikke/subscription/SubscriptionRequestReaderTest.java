package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;
import org.junit.jupiter.api.Test;

class SubscriptionRequestReaderTest {

    private static final String APP = "https://ttd.apps.altinn.no/ttd/demo";

    private final SubscriptionRequestReader reader = new SubscriptionRequestReader(Set.of("localhost"),
            new EndpointGuard(Set.of(), host -> java.util.List.of(java.net.InetAddress.getByAddress(host, new byte[] {1, 2, 3, 4}))));

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void appSourceWithoutResourceSubscribesToTheAppsResource() throws Exception {
        SubscriptionRequest request = reader.read(json("{\"endPoint\":\"amqp:q\",\"sourceFilter\":\"" + APP + "\"}"));

        assertThat(request.filter().resource()).isEqualTo("urn:altinn:resource:app_ttd_demo");
        assertThat(request.filter().sourcePrefix()).isEqualTo(APP);
    }

    @Test
    void fieldNamesAreReadInAnyLetterCaseAsAltinnBindsThem() throws Exception {
        SubscriptionRequest request = reader.read(json(
                "{\"EndPoint\":\"amqp:q\",\"SourceFilter\":\"" + APP + "\",\"TYPEFILTER\":\"app.instance.created\"}"));

        assertThat(request.endPoint()).isEqualTo("amqp:q");
        assertThat(request.filter().type()).isEqualTo("app.instance.created");
    }

    @Test
    void serverAssignedFieldsAreIgnoredAndIncludeSubunitsIsKept() throws Exception {
        SubscriptionRequest request = reader.read(json("""
                {"id":12,"consumer":"/org/x","createdBy":"/org/x","created":"2020-01-01T00:00:00Z","validated":true,
                 "endPoint":"amqp:q","resourceFilter":"urn:altinn:resource:a","subjectFilter":"/party/1","includeSubunits":true}"""));

        assertThat(request.includeSubunits()).isTrue();
    }

    @Test
    void anAppSourceNamingNoSingleAppAndAnUnknownFieldAreBothNamed() throws Exception {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> reader.read(json(
                "{\"endPoint\":\"amqp:q\",\"sourceFilter\":\"" + APP + "/\",\"colour\":\"red\"}")));

        assertThat(e.errors()).extracting(FieldError::field).contains("sourceFilter", "colour");
    }
}
