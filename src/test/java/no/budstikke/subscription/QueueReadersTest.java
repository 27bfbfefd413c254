package no.budstikke.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import no.budstikke.subscription.QueueReaders.Reader;
import org.junit.jupiter.api.Test;

class QueueReadersTest {

    private final QueueReaders readers = new QueueReaders(List.of(
            new Reader("nav", "/org/nav", List.of("nav.*", "skattemelding.nav")),
            new Reader("nav-backup", "/org/nav", List.of("nav.backup.*")),
            new Reader("skd", "/org/skd", List.of("skd.inbox")),
            new Reader("publisher", null, List.of())));

    @Test
    void aPrefixCoversTheQueuesThatStartWithItAndNothingElse() {
        assertThat(readers.mayRead("nav", "nav.skattemelding")).isTrue();
        assertThat(readers.mayRead("nav", "nav.a.b")).isTrue();
        assertThat(readers.mayRead("nav", "nav")).as("the prefix without its dot").isFalse();
        assertThat(readers.mayRead("nav", "nav.")).as("nothing after the prefix").isFalse();
        assertThat(readers.mayRead("nav", "navx.a")).isFalse();
        assertThat(readers.mayRead("nav", "NAV.a")).as("queue names are case-sensitive").isFalse();
        assertThat(readers.mayRead("nav", "skattemelding.nav")).as("an exact name").isTrue();
        assertThat(readers.mayRead("nav", "skattemelding.nav.x")).as("an exact name is no prefix").isFalse();
        assertThat(readers.mayRead("nav-backup", "nav.x")).as("another user of the same identity").isFalse();
        assertThat(readers.mayRead("publisher", "nav.x")).isFalse();
        assertThat(readers.mayRead("stranger", "nav.x")).isFalse();
    }

    @Test
    void anIdentityMayFillOnlyQueuesThatOneOfItsBrokerUsersReads() {
        assertThat(readers.readBy("/org/nav", "nav.x")).isTrue();
        assertThat(readers.readBy("/org/nav", "nav.backup.y")).isTrue();
        assertThat(readers.readBy("/org/nav", "skd.inbox")).isFalse();
        assertThat(readers.readBy("/org/skd", "nav.skattemelding")).isFalse();
        assertThat(readers.readBy("/org/skd", "skd.inbox")).isTrue();
        assertThat(readers.readBy("/org/x", "nav.x")).isFalse();
        assertThat(readers.readBy(null, "q")).isFalse();
    }

    @Test
    void aPrefixNeverCoversTheHubsOwnQueues() {
        QueueReaders broad = new QueueReaders(List.of(new Reader("r", "/org/r", List.of("budstikke.*", "events.*"))));
        assertThat(broad.mayRead("r", "budstikke.delivery")).isFalse();
        assertThat(broad.mayRead("r", "events.inbound")).isFalse();
        assertThat(broad.readBy("/org/r", "events.inbound.invalid")).isFalse();
        assertThat(broad.readBy("/org/r", "events.other")).isTrue();
    }

    @Test
    void aConfigurationThatCouldLeakEventsStopsTheHub() {
        assertThatThrownBy(() -> new QueueReaders(List.of(new Reader("r", null, List.of("r.*")))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("r reads queues but has no identity");
        assertThatThrownBy(() -> new QueueReaders(List.of(new Reader("r", "/org/r", List.of("#")),
                new Reader("s", "/org/s", List.of("*")), new Reader("t", "/org/t", List.of("t*")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("r: '#' is neither").hasMessageContaining("s: '*' is neither")
                .hasMessageContaining("t: 't*' is neither");
        for (List<String> clash : List.of(List.of("a.x", "a.x"), List.of("a.*", "a.x"), List.of("a.x", "a.*"),
                List.of("a.*", "a.b.*"), List.of("a.b.*", "a.*"))) {
            assertThatThrownBy(() -> new QueueReaders(List.of(new Reader("one", "/org/one", List.of(clash.get(0))),
                    new Reader("two", "/org/two", List.of(clash.get(1))))))
                    .as("%s", clash).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("one (/org/one) and two (/org/two) both read");
        }
        new QueueReaders(List.of(new Reader("one", "/org/one", List.of("a.*")), new Reader("two", "/org/two",
                List.of("ab.*", "a"))));
        new QueueReaders(List.of(new Reader("one", "/org/one", List.of("a.*")), new Reader("two", "/org/one",
                List.of("a.x"))));
    }
}
