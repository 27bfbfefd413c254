package no.budstikke.authorization;

/** Lets everyone do everything: only for the benchmark that measures what authorization costs, never a real hub. */
public final class PermitAllPolicyDecisionPoint implements PolicyDecisionPoint {

    @Override
    public boolean mayPublish(Identity publisher, String resource) {
        return true;
    }

    @Override
    public boolean mayRead(Identity reader, EventAccess event) {
        return true;
    }

    @Override
    public boolean mayReadAll(Identity reader, String resource) {
        return true;
    }
}
