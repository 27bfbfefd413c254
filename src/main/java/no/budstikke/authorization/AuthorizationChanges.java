package no.budstikke.authorization;

import javax.sql.DataSource;

import no.budstikke.store.ChangeChannel;

/**
 * Makes a policy change count on every node at once: the node that made it announces it on a
 * {@link ChangeChannel}; every node takes a fresh view of resources and grants, and forgets the cached decisions
 * the change may touch. After a lost connection it reloads everything and forgets all decisions, since
 * notifications sent meanwhile are gone.
 */
public class AuthorizationChanges implements AutoCloseable {

    static final String CHANNEL = "budstikke_authorization";
    private static final String IDENTITY = "identity:";
    private static final String RESOURCE = "resource:";

    private final AuthorizationStore store;
    private final BuiltInPolicyDecisionPoint builtIn;
    private final DecisionCache cache;
    private final ChangeChannel channel;

    /** {@code builtIn} may be null when an external engine decides; the cache is still kept current. */
    public AuthorizationChanges(DataSource dataSource, AuthorizationStore store, BuiltInPolicyDecisionPoint builtIn,
            DecisionCache cache) {
        this.store = store;
        this.builtIn = builtIn;
        this.cache = cache;
        reloadAll();
        this.channel = new ChangeChannel(dataSource, CHANNEL, new ChangeChannel.Receiver() {
            @Override
            public void catchUp() {
                reloadAll();
            }

            @Override
            public void changed(String payload) {
                apply(payload);
            }
        });
    }

    /** What an identity may do changed (a role or grant of it added or removed). */
    public void identityChanged(String identity) {
        apply(IDENTITY + identity);
        channel.announce(IDENTITY + identity);
    }

    /** A resource was created, changed or deleted. */
    public void resourceChanged(String resource) {
        apply(RESOURCE + resource);
        channel.announce(RESOURCE + resource);
    }

    private void apply(String change) {
        if (builtIn != null) {
            builtIn.replace(store.snapshot());
        }
        if (change.startsWith(IDENTITY)) {
            cache.forgetIdentity(change.substring(IDENTITY.length()));
        } else if (change.startsWith(RESOURCE)) {
            cache.forgetResource(change.substring(RESOURCE.length()));
        } else {
            cache.forgetAll();
        }
    }

    private void reloadAll() {
        if (builtIn != null) {
            builtIn.replace(store.snapshot());
        }
        cache.forgetAll();
    }

    @Override
    public void close() throws InterruptedException {
        channel.close();
    }
}
