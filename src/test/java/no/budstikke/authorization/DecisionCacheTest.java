package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class DecisionCacheTest {

    private static final String RESOURCE = "urn:altinn:resource:r";
    private final AtomicInteger asked = new AtomicInteger();
    private final List<Integer> batches = new ArrayList<>();
    private volatile boolean permit = true;

    private final PolicyDecisionPoint engine = new PolicyDecisionPoint() {
        @Override
        public boolean mayPublish(Identity publisher, String resource) {
            asked.incrementAndGet();
            return permit;
        }

        @Override
        public boolean mayRead(Identity reader, EventAccess event) {
            asked.incrementAndGet();
            return permit;
        }

        @Override
        public boolean mayReadAll(Identity reader, String resource) {
            asked.incrementAndGet();
            return permit;
        }

        @Override
        public boolean[] mayRead(List<ReadQuestion> questions) {
            batches.add(questions.size());
            boolean[] answers = new boolean[questions.size()];
            java.util.Arrays.fill(answers, permit);
            return answers;
        }
    };

    private final DecisionCache cache = new DecisionCache(engine, Duration.ofMinutes(5), 1000);

    @Test
    void aRepeatedQuestionIsAnsweredFromMemoryUntilItsIdentityOrResourceChanges() {
        Identity reader = new Identity("/org/a");
        EventAccess event = new EventAccess(RESOURCE, "/organisation/1", null);

        assertThat(cache.mayRead(reader, event)).isTrue();
        permit = false;
        assertThat(cache.mayRead(reader, event)).as("remembered").isTrue();
        assertThat(asked).hasValue(1);

        cache.forgetIdentity("/org/b");
        assertThat(cache.mayRead(reader, event)).as("another identity's change").isTrue();
        cache.forgetIdentity("/org/a");
        assertThat(cache.mayRead(reader, event)).isFalse();
        assertThat(asked).hasValue(2);

        permit = true;
        cache.forgetResource(RESOURCE);
        assertThat(cache.mayRead(reader, event)).isTrue();
    }

    @Test
    void decisionsExpireAfterTheirTtl() throws Exception {
        DecisionCache shortLived = new DecisionCache(engine, Duration.ofMillis(50), 1000);
        Identity reader = new Identity("/org/a");
        assertThat(shortLived.mayPublish(reader, RESOURCE)).isTrue();
        permit = false;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !shortLived.mayPublish(reader, RESOURCE));
    }

    @Test
    void onlyTheUnknownQuestionsOfAPageGoToTheEngineInOneBatch() {
        Identity reader = new Identity("/org/a");
        cache.mayRead(reader, new EventAccess(RESOURCE, "/organisation/1", null));
        List<ReadQuestion> page = List.of(new ReadQuestion(reader, new EventAccess(RESOURCE, "/organisation/1", null)),
                new ReadQuestion(reader, new EventAccess(RESOURCE, "/organisation/2", null)),
                new ReadQuestion(reader, new EventAccess(RESOURCE, "/organisation/3", null)));

        assertThat(cache.mayRead(page)).containsExactly(true, true, true);
        assertThat(batches).containsExactly(2);
        assertThat(cache.mayRead(page)).containsExactly(true, true, true);
        assertThat(batches).containsExactly(2);
    }

    @Test
    void theCacheStaysWithinItsBound() {
        DecisionCache small = new DecisionCache(engine, Duration.ofMinutes(5), 100);
        for (int i = 0; i < 1000; i++) {
            small.mayPublish(new Identity("/org/a" + i), RESOURCE);
        }
        assertThat(small.size()).isLessThanOrEqualTo(100);
    }
}
