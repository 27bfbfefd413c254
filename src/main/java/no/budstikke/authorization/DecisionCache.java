package no.budstikke.authorization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers decisions of whichever engine stands behind it, for a while ({@code ttl}) and up to a bound
 * ({@code maxEntries}): a fan-out asks the same consumer about the same resource and subject again and again.
 * Changes to the policy evict the decisions they may touch ({@link #forgetIdentity}, {@link #forgetResource}) on
 * every node at once; anything else — an external engine's own changes — is picked up within the TTL.
 */
public final class DecisionCache implements PolicyDecisionPoint {

    private final PolicyDecisionPoint engine;
    private final Cache<Question, Boolean> decisions;

    public DecisionCache(PolicyDecisionPoint engine, Duration ttl, long maxEntries) {
        this.engine = engine;
        this.decisions = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    @Override
    public boolean mayPublish(Identity publisher, String resource) {
        return decisions.get(new Question(Action.PUBLISH, publisher.value(), resource, null, null),
                q -> engine.mayPublish(publisher, resource));
    }

    @Override
    public boolean mayReadAll(Identity reader, String resource) {
        return decisions.get(new Question(Action.READ_ALL, reader.value(), resource, null, null),
                q -> engine.mayReadAll(reader, resource));
    }

    @Override
    public boolean maySubscribe(Identity consumer, String resource, String subject, String alternativeSubject) {
        return decisions.get(new Question(Action.SUBSCRIBE, consumer.value(), resource, subject, alternativeSubject),
                q -> engine.maySubscribe(consumer, resource, subject, alternativeSubject));
    }

    @Override
    public boolean mayRead(Identity reader, EventAccess event) {
        return decisions.get(read(reader, event), q -> engine.mayRead(reader, event));
    }

    @Override
    public boolean[] mayRead(Identity reader, List<EventAccess> events) {
        return mayRead(events.stream().map(event -> new ReadQuestion(reader, event)).toList());
    }

    /** Answers what it remembers, and asks the engine the rest in one go. */
    @Override
    public boolean[] mayRead(List<ReadQuestion> questions) {
        boolean[] answers = new boolean[questions.size()];
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            Boolean known = decisions.getIfPresent(read(questions.get(i).reader(), questions.get(i).event()));
            if (known == null) {
                unknown.add(i);
            } else {
                answers[i] = known;
            }
        }
        if (!unknown.isEmpty()) {
            boolean[] decided = engine.mayRead(unknown.stream().map(questions::get).toList());
            for (int j = 0; j < decided.length; j++) {
                int i = unknown.get(j);
                answers[i] = decided[j];
                decisions.put(read(questions.get(i).reader(), questions.get(i).event()), decided[j]);
            }
        }
        return answers;
    }

    /** Forgets every decision about what this identity may do (its roles or grants changed). */
    public void forgetIdentity(String identity) {
        forget(question -> question.identity.equals(identity));
    }

    /** Forgets every decision about this resource (its owner, publishers or roles changed). */
    public void forgetResource(String resource) {
        forget(question -> question.resource.equals(resource));
    }

    public void forgetAll() {
        decisions.invalidateAll();
    }

    public long size() {
        decisions.cleanUp();
        return decisions.estimatedSize();
    }

    private void forget(Predicate<Question> affected) {
        decisions.asMap().keySet().removeIf(affected);
    }

    private static Question read(Identity reader, EventAccess event) {
        return new Question(Action.READ, reader.value(), event.resource(), event.subject(), event.alternativeSubject());
    }

    private enum Action { PUBLISH, READ, READ_ALL, SUBSCRIBE }

    private record Question(Action action, String identity, String resource, String subject, String alternativeSubject) {

        Question {
            Objects.requireNonNull(identity);
            Objects.requireNonNull(resource);
        }
    }
}
