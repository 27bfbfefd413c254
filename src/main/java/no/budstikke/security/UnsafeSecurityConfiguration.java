package no.budstikke.security;

/**
 * Stops the start when the configuration would leave the hub open in a way nobody should choose by accident
 * (an issuer without audiences, the development issuer behind a proxy); {@code action} tells the operator the fix.
 */
public final class UnsafeSecurityConfiguration extends RuntimeException {

    private final String action;

    public UnsafeSecurityConfiguration(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
