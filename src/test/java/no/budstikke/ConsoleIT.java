package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HeadlessChromium;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import no.budstikke.support.WebhookEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium against the real hub: sign in, create subscriptions against a local
 * receiver, watch a delivery arrive and one fail, redeliver a dead letter, and read each analytics chart's numbers
 * next to what the API answers. Screenshots go to target/console-screenshots.
 */
class ConsoleIT extends HubIntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String RANGE = "&from=2025-06-10T00:00:00Z&to=2025-06-12T00:00:00Z";

    private final String org = "co" + Long.toString(Math.abs(new Random().nextLong()), 36).substring(0, 6);
    private final String demo = "urn:altinn:resource:app_" + org + "_demo";
    private final String other = "urn:altinn:resource:app_" + org + "_other";
    private final AtomicBoolean flakyHealed = new AtomicBoolean();
    private WebhookEndpoint receiver;
    private ChromeDriver browser;
    private String owner;

    @BeforeEach
    void setUp() throws Exception {
        for (String resource : List.of(demo, other)) {
            assertThat(hub.admin("PUT", "/events/api/v1/admin/resources/" + resource,
                    json(Map.of("owner", "/org/" + org))).statusCode()).isIn(200, 201);
        }
        owner = hub.token("/org/" + org, List.of(HubClient.PUBLISH, HubClient.SUBSCRIBE));
        // Takes deliveries on /ok; fails them on /flaky until healed; answers every validation.
        receiver = new WebhookEndpoint(path -> path.startsWith("/ok") || flakyHealed.get());
        Files.createDirectories(SCREENSHOTS);
        browser = HeadlessChromium.start(Files.createTempDirectory("budstikke-chromium-"));
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        receiver.close();
    }

    @Test
    void consumerSeesDeliveriesFailuresRedeliversAndTheAnalyticsMatchTheApi() throws Exception {
        browser.get(hub.base() + "/console");
        type("identity", "/org/" + org);
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("create")).isEmpty());
        assertThat(browser.findElement(By.id("who")).getText()).contains("/org/" + org);
        screenshot("01-subscriptions");

        String ok = createSubscription(receiverUrl("/ok"), "", "");
        assertThat(browser.findElement(By.id("signing-secret")).getText()).startsWith("whsec_");
        screenshot("02-created-with-secret");
        // Only the three instances created, so the failures stay below the circuit breaker's threshold of five.
        String flaky = createSubscription(receiverUrl("/flaky"), "PT1S", "app.instance.created");
        for (String id : List.of(ok, flaky)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(
                    parse(hub.get(owner, "/events/api/v1/subscriptions/" + id).body()).get("status").asText()));
        }
        String eventId = publishAppEvents();

        // A delivery arrives …
        browser.get(hub.base() + "/console/#/subscriptions/" + ok);
        awaitInTable("deliveries", "delivered");
        assertThat(text("deliveries")).contains(eventId);
        screenshot("03-delivered");

        // … one fails, is retried and dead-lettered …
        browser.get(hub.base() + "/console/#/subscriptions/" + flaky);
        awaitInTable("deliveries", "dead");
        assertThat(text("deliveries")).contains("failed");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            refresh();
            return !"0".equals(text("dead-letters"));
        });
        screenshot("04-dead-letters");

        // … and goes through when redelivered from the console once the endpoint works again.
        flakyHealed.set(true);
        browser.findElement(By.id("redeliver")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("status").contains("queued again"));
        awaitInTable("deliveries", "delivered");
        screenshot("05-redelivered");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            refresh();
            return "0".equals(text("dead-letters"));
        });

        // The delivery log shows the newest attempt first: a redelivery on top (more may still be on their way,
        // held by the open circuit, so the page and the API are compared until they agree).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode newest = parse(hub.get(owner, "/events/api/v1/subscriptions/" + flaky
                    + "/deliveries?order=newest&size=1").body()).get("deliveries").get(0);
            refresh();
            assertThat(rows("deliveries").get(0)).contains(newest.get("time").asText(), newest.get("eventId").asText(),
                    "delivered");
        });

        subscriptionsListMatchesTheApi(ok, flaky);
        analyticsMatchTheApi();
        // Two refused publishes of the owner's: a bad time, and a resource it does not own.
        var badTime = (com.fasterxml.jackson.databind.node.ObjectNode) parse(app(instance("demo", "P9"),
                "app.instance.created", "09:00"));
        badTime.put("time", "yesterday");
        assertThat(hub.publish(owner, STRUCTURED, badTime.toString()).statusCode()).isEqualTo(400);
        assertThat(hub.publish(owner, STRUCTURED, HubClient.event(newId(), "urn:altinn:resource:skd-skattemelding", null))
                .statusCode()).isEqualTo(403);
        // Events in are counted by registration: today.
        browser.get(hub.base() + "/console/#/publisher");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("range")).isEmpty());
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        setValue("from", today.minusDays(1).toString());
        setValue("to", today.plusDays(1).toString());
        browser.findElement(By.id("apply")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text("events-table").contains(demo));
        assertThat(text("events-table")).contains(demo, "app.instance.created");
        // The refusals, with their reasons, as the API has them (the refusal log writes in the background).
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            browser.findElement(By.id("apply")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("refusals-table")).isEmpty());
            return text("refusals-table").contains("forbidden");
        });
        List<List<String>> refusals = rows("refusals-table");
        assertThat(refusals).anySatisfy(row -> assertThat(row).startsWith("/org/" + org, "ingress-http", "invalid",
                "–", "time", "1"));
        assertThat(refusals).anySatisfy(row -> assertThat(row).startsWith("/org/" + org, "ingress-http", "forbidden",
                "urn:altinn:resource:skd-skattemelding", "–", "1"));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1400));
        screenshot("07-publisher");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    }

    @Test
    void operatorSeesTheHubAndTheConsoleIsReachableByKeyboard() throws Exception {
        browser.get(hub.base() + "/console/");
        type("identity", "/org/budstikke-admin");
        browser.findElement(By.id("scope-admin")).click();
        // Keyboard only: from the identity field, Enter submits the sign-in form.
        browser.findElement(By.id("identity")).sendKeys("\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("nav")).isDisplayed());
        browser.get(hub.base() + "/console/#/operator");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("hub-metrics")).isEmpty());
        assertThat(text("hub-metrics")).contains("Events committed", "Retry backlog");
        assertThat(text("resources")).contains("urn:altinn:resource:skd-skattemelding");
        for (WebElement input : browser.findElements(By.cssSelector("main input, main select"))) {
            assertThat(input.findElements(By.xpath("ancestor::label"))).as("every field has a label").isNotEmpty();
        }
        screenshot("08-operator");
    }

    /** The list of subscriptions shows each one's health as the API's page of them answers it. */
    private void subscriptionsListMatchesTheApi(String ok, String flaky) throws IOException {
        // Redeliveries may still land between the page's call and the test's: compare until both agree.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            browser.get("about:blank");
            browser.get(hub.base() + "/console/#/subscriptions");
            await().atMost(Duration.ofSeconds(20)).until(() -> "#/subscriptions".equals(
                    browser.findElement(By.id("view")).getAttribute("data-loaded")));
            JsonNode page = parse(hub.get(owner, "/events/api/v1/analytics/subscriptions").body());
            assertThat(page.get("subscriptions").findValuesAsText("id")).containsExactly(ok, flaky);
            List<List<String>> rows = rows("subscriptions");
            assertThat(rows).hasSize(2);
            for (int i = 0; i < 2; i++) {
                JsonNode subscription = page.get("subscriptions").get(i);
                JsonNode health = subscription.get("health");
                assertThat(rows.get(i).get(0)).isEqualTo(subscription.get("endPoint").asText());
                assertThat(rows.get(i).get(3)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%",
                        health.get("successRate").asDouble() * 100));
                assertThat(rows.get(i).get(5)).isEqualTo(health.get("retryBacklog").asText());
                assertThat(rows.get(i).get(6)).isEqualTo(health.get("deadLetters").asText());
            }
            assertThat(rows.get(0).get(3)).isEqualTo("100.0 %");
        });
        screenshot("09-subscriptions-health");
    }

    private void analyticsMatchTheApi() throws IOException {
        browser.get(hub.base() + "/console/#/analytics");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("range")).isEmpty());
        setValue("from", "2025-06-10");
        setValue("to", "2025-06-12");
        new Select(browser.findElement(By.id("window"))).selectByVisibleText("P1D");
        browser.findElement(By.id("apply")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.cssSelector("#app option")).isEmpty()
                && browser.findElements(By.cssSelector("#app option")).stream().anyMatch(o -> o.getText().equals(demo)));
        new Select(browser.findElement(By.id("app"))).selectByVisibleText(demo);
        String query = "period=day" + RANGE + "&resource=" + demo;
        JsonNode instances = parse(hub.get(owner, "/events/api/v1/analytics/instances?" + query).body());
        await().atMost(Duration.ofSeconds(10)).until(() -> text("instances-total")
                .equals(instances.get("apps").get(0).get("total").asText()));
        assertThat(text("instances-total")).isEqualTo("3");

        List<List<String>> taskRows = new ArrayList<>();
        parse(hub.get(owner, "/events/api/v1/analytics/tasks?" + query).body()).get("apps").get(0).get("tasks")
                .forEach(t -> taskRows.add(List.of(t.get("task").asText(), t.get("count").asText(),
                        t.get("medianMs").asText(), t.get("p90Ms").asText(), t.get("meanMs").asText())));
        assertThat(taskRows).isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> rows("tasks-table").equals(taskRows));

        List<List<String>> pairRows = new ArrayList<>();
        parse(hub.get(owner, "/events/api/v1/analytics/relations?window=P1D&top=20" + RANGE).body()).get("pairs")
                .forEach(p -> pairRows.add(List.of(p.get("from").asText(), p.get("to").asText(), p.get("weight").asText())));
        assertThat(pairRows).contains(List.of(demo, other, "1"), List.of(other, demo, "1"));
        assertThat(rows("relations-table")).isEqualTo(pairRows);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1500));
        screenshot("06-analytics");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    }

    /** App events on 2025-06-10: three demo instances through two tasks, and a party moving between the apps. */
    private String publishAppEvents() {
        String i1 = instance("demo", "P1");
        String i2 = instance("other", "P1");
        String i3 = instance("demo", "P2");
        String i4 = instance("other", "P3");
        String i5 = instance("demo", "P3");
        String first = app(i1, "app.instance.created", "10:00");
        publish(first);
        publish(app(i1, "app.instance.process.movedTo.Task_1", "10:00"));
        publish(app(i1, "app.instance.process.movedTo.Task_2", "10:12"));
        publish(app(i1, "app.instance.process.completed", "10:30"));
        publish(app(i2, "app.instance.created", "10:45"));
        publish(app(i3, "app.instance.created", "11:00"));
        publish(app(i3, "app.instance.process.movedTo.Task_1", "11:00"));
        publish(app(i3, "app.instance.process.movedTo.Task_2", "11:30"));
        publish(app(i4, "app.instance.created", "12:00"));
        publish(app(i5, "app.instance.created", "12:05"));
        return parse(first).get("id").asText();
    }

    private String createSubscription(String endpoint, String retrySchedule, String typeFilter) {
        browser.get(hub.base() + "/console/#/subscriptions");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("create")).isEmpty());
        type("endpoint", endpoint);
        type("resource", demo);
        if (!retrySchedule.isEmpty()) {
            type("retry-schedule", retrySchedule);
        }
        if (!typeFilter.isEmpty()) {
            type("type-filter", typeFilter);
        }
        browser.findElement(By.id("create-button")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("created-link")).isEmpty());
        return browser.findElement(By.id("created-link")).getText();
    }

    private void awaitInTable(String table, String word) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            refresh();
            return text(table).contains(word);
        });
    }

    /** Clicks the view's refresh button and waits for the view to be drawn again. */
    private void refresh() {
        WebElement before = browser.findElement(By.id("refresh"));
        before.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<WebElement> now = browser.findElements(By.id("refresh"));
            return !now.isEmpty() && !now.get(0).equals(before);
        });
    }

    private String text(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private List<List<String>> rows(String table) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + table + " tbody tr"))) {
            rows.add(row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        }
        return rows;
    }

    private void type(String id, String value) {
        // The console's modules draw the page after they load: wait for the field rather than race them.
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id(id)).isEmpty());
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private void setValue(String id, String value) {
        browser.executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)), value);
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private String receiverUrl(String path) {
        return receiver.url(path);
    }

    private String instance(String app, String party) {
        return "https://" + org + ".apps.altinn.no/" + org + "/" + app + "/instances/" + party + "/" + newId();
    }

    private String app(String instance, String type, String time) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", newId());
        event.put("source", instance);
        event.put("type", type);
        event.put("resource", instance.contains("/demo/") ? demo : other);
        event.put("subject", "/party/" + org + instance.replaceAll(".*/instances/([^/]+)/.*", "$1"));
        event.put("time", "2025-06-10T" + time + ":00Z");
        return json(event);
    }

    private void publish(String event) {
        var response = hub.publish(owner, STRUCTURED, event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
