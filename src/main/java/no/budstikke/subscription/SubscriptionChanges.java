package no.budstikke.subscription;

import java.util.UUID;

import javax.sql.DataSource;

import no.budstikke.store.ChangeChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every node's {@link SubscriptionIndex} current at once: a change is announced on a {@link ChangeChannel},
 * and each node reloads that one subscription. After a lost connection the whole index is reloaded, since
 * notifications sent meanwhile are gone.
 */
public class SubscriptionChanges implements AutoCloseable {

    static final String CHANNEL = "budstikke_subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionChanges.class);

    private final SubscriptionStore store;
    private final SubscriptionIndex index;
    private final Listener changed;
    private final ChangeChannel channel;

    /** Told of every change this node hears of, after the index has it; {@code id} null means "anything". */
    public interface Listener {
        void changed(UUID id);
    }

    public SubscriptionChanges(DataSource dataSource, SubscriptionStore store, SubscriptionIndex index, Listener changed) {
        this.store = store;
        this.index = index;
        this.changed = changed;
        // Loaded before the dispatcher can run; the channel reloads once more after LISTEN, for changes between.
        index.replaceAll(store.active());
        this.channel = new ChangeChannel(dataSource, CHANNEL, new ChangeChannel.Receiver() {
            @Override
            public void catchUp() {
                index.replaceAll(store.active());
                changed.changed(null);
            }

            @Override
            public void changed(String payload) {
                UUID id;
                try {
                    id = UUID.fromString(payload);
                } catch (IllegalArgumentException e) {
                    // Not one of ours: ignored, rather than dropping the connection and reloading everything.
                    LOG.warn("Ignored a subscription change naming no subscription id: {}", payload);
                    return;
                }
                reload(id);
            }
        });
    }

    /**
     * Applies a change to this node's index at once, and tells every other node that the subscription was
     * created, changed or deleted.
     */
    public void announce(UUID id) {
        reload(id);
        channel.announce(id.toString());
    }

    private void reload(UUID id) {
        store.find(id).filter(s -> Subscription.ACTIVE.equals(s.status()))
                .ifPresentOrElse(index::put, () -> index.remove(id));
        changed.changed(id);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close();
    }
}
