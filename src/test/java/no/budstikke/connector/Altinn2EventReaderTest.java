package no.budstikke.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Altinn2EventReaderTest {

    private static final String NS = Altinn2EventReader.NAMESPACE;

    private final Altinn2EventReader reader = new Altinn2EventReader();

    static String fixture() {
        try (InputStream in = Altinn2EventReaderTest.class.getResourceAsStream("/fixtures/altinn2/legacy-event.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String event(String id, String reporteeType, String reporteeNumber) {
        return "<LegacyEvent><EventId>" + id + "</EventId><ServiceCode>5012</ServiceCode>"
                + "<ServiceEditionCode>3</ServiceEditionCode><EventType>FormSubmitted</EventType>"
                + "<ReporteeType>" + reporteeType + "</ReporteeType><ReporteeNumber>" + reporteeNumber
                + "</ReporteeNumber><ArchiveReference>AR" + id + "</ArchiveReference>"
                + "<Created>2026-09-14T08:00:00Z</Created></LegacyEvent>";
    }

    private JsonNode read(String xml) {
        return reader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private InvalidEventException refusal(String xml) {
        return catchThrowableOfType(InvalidEventException.class, () -> read(xml));
    }

    @Test
    void fixtureMapsToTheCloudEventTheReadmeDescribes() {
        JsonNode event = read(fixture());

        assertThat(event.isObject()).isTrue();
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isEqualTo("8f14e45f-ceea-467a-9b36-4b7b1c2d9a01");
        assertThat(event.get("source").asText()).isEqualTo("urn:altinn:altinn2:service:4936:1");
        assertThat(event.get("type").asText()).isEqualTo("altinn2.FormSubmitted");
        assertThat(event.get("resource").asText()).isEqualTo("urn:altinn:resource:se_4936_1");
        assertThat(event.get("subject").asText()).isEqualTo("/organisation/974760673");
        assertThat(event.get("time").asText()).isEqualTo("2026-09-14T10:15:30.000+02:00");
        assertThat(event.get("data").toString()).isEqualTo("{\"archiveReference\":\"AR1234567\"}");
        assertThat(event.size()).isEqualTo(8);
    }

    @Test
    void listBecomesAnArrayAndPersonsBecomePersonSubjects() {
        JsonNode events = read("<LegacyEvents xmlns=\"" + NS + "\">" + event("a1", "Organisation", "910000001")
                + event("a2", "Person", "01038712345") + "</LegacyEvents>");

        assertThat(events.isArray()).isTrue();
        assertThat(events).hasSize(2);
        assertThat(events.get(1).get("subject").asText()).isEqualTo("/person/01038712345");
        assertThat(events.get(1).get("resource").asText()).isEqualTo("urn:altinn:resource:se_5012_3");
    }

    @Test
    void prefixedNamespaceAndSurroundingWhitespaceAreAccepted() {
        JsonNode event = read("<b:LegacyEvent xmlns:b=\"" + NS + "\">\n  <b:EventId> x-1 </b:EventId>"
                + "<b:ServiceCode>4936</b:ServiceCode><b:ServiceEditionCode>1</b:ServiceEditionCode>"
                + "<b:EventType>FormSubmitted</b:EventType><b:ReporteeType>Organisation</b:ReporteeType>"
                + "<b:ReporteeNumber>974760673</b:ReporteeNumber><b:ArchiveReference><![CDATA[AR-9]]></b:ArchiveReference>"
                + "<b:Created>2026-09-14T10:15:30+02:00</b:Created>\n</b:LegacyEvent>");

        assertThat(event.get("id").asText()).isEqualTo("x-1");
        assertThat(event.get("data").get("archiveReference").asText()).isEqualTo("AR-9");
    }

    @Test
    void everyWrongFieldOfEveryEventIsNamed() {
        String xml = "<LegacyEvents xmlns=\"" + NS + "\">" + event("ok-1", "Organisation", "910000001")
                + event("bad 2", "Company", "12")
                + fixture().replaceAll("<\\?xml[^>]*>", "").replace("<ServiceCode>4936</ServiceCode>", "")
                        .replace("2026-09-14T10:15:30.000+02:00", "2026-02-30T10:15:30Z")
                        .replace("xmlns=\"" + NS + "\"", "")
                + "</LegacyEvents>";

        InvalidEventException refusal = refusal(xml);

        assertThat(refusal.errors()).extracting(FieldError::field).containsExactly(
                "LegacyEvent[1].EventId", "LegacyEvent[1].ReporteeType", "LegacyEvent[1].ReporteeNumber",
                "LegacyEvent[2].ServiceCode", "LegacyEvent[2].Created");
    }

    @Test
    void reporteeNumberMustFitTheReporteeTypeAndIsNeverEchoed() {
        InvalidEventException refusal = refusal("<LegacyEvents xmlns=\"" + NS + "\">"
                + event("p-1", "Person", "974760673") + "</LegacyEvents>");

        assertThat(refusal.errors()).containsExactly(new FieldError("LegacyEvent[0].ReporteeNumber",
                "must be a national identity number of 11 digits"));
        assertThat(refusal.errors().toString()).doesNotContain("974760673");
    }

    @Test
    void missingUnknownRepeatedAndNestedElementsAreNamed() {
        String xml = fixture().replace("<EventType>FormSubmitted</EventType>", "")
                .replace("<ArchiveReference>AR1234567</ArchiveReference>",
                        "<ArchiveReference><Ref>AR1</Ref></ArchiveReference><Colour>blue</Colour>")
                .replace("<ServiceEditionCode>1</ServiceEditionCode>",
                        "<ServiceEditionCode>1</ServiceEditionCode><ServiceEditionCode>2</ServiceEditionCode>");

        assertThat(refusal(xml).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("ServiceEditionCode", "Colour", "EventType", "ArchiveReference");
    }

    @Test
    void documentThatIsNotXmlOrHasTheWrongRootIsRefusedAsAWhole() {
        assertThat(refusal("{\"id\":\"1\"}").errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("is not well-formed XML"));
        assertThat(refusal(fixture().replace("urn:budstikke:altinn2:bridge:v1", "urn:other")).errors())
                .singleElement().satisfies(error -> assertThat(error.message()).contains("namespace " + NS));
        assertThat(refusal("<LegacyEvents xmlns=\"" + NS + "\"/>").errors())
                .containsExactly(new FieldError("LegacyEvents", "must contain at least one LegacyEvent"));
        assertThat(refusal("").errors()).extracting(FieldError::field).containsExactly("$");
        assertThat(refusal(fixture().replace("</LegacyEvent>", "</LegacyEvent><LegacyEvent/>")).errors())
                .extracting(FieldError::field).containsExactly("$");
    }

    @Test
    void sameEventTwiceInOneListIsRefused() {
        InvalidEventException refusal = refusal("<LegacyEvents xmlns=\"" + NS + "\">"
                + event("d-1", "Organisation", "910000001") + event("d-1", "Organisation", "910000001") + "</LegacyEvents>");

        assertThat(refusal.errors()).extracting(FieldError::field).containsExactly("LegacyEvent[1].EventId");
    }

    @Test
    void externalEntitiesAndDtdsAreNeverRead(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE LegacyEvent [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>" + fixture().replaceAll("<\\?xml[^>]*>", "").replace("AR1234567", "&xxe;");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                + fixture().replaceAll("<\\?xml[^>]*>", "").replace("AR1234567", "&lol2;");
        String externalDtd = "<?xml version=\"1.0\"?><!DOCTYPE LegacyEvent SYSTEM \"" + secret.toUri() + "\">"
                + fixture().replaceAll("<\\?xml[^>]*>", "");

        for (String xml : new String[] {external, laughs, externalDtd}) {
            InvalidEventException refusal = refusal(xml);
            assertThat(refusal.errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("$");
                assertThat(error.message()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
            });
        }
    }
}
