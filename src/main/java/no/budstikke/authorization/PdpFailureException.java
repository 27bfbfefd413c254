package no.budstikke.authorization;

/**
 * The policy decision point could not be asked, or its answer could not be read. The message names what went
 * wrong in general terms only: it is logged, so it never holds identities, answers or credentials.
 */
final class PdpFailureException extends RuntimeException {

    private final String reason;

    PdpFailureException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A fixed word for the failure metric: {@code timeout}, {@code connection}, {@code status}, … */
    String reason() {
        return reason;
    }
}
