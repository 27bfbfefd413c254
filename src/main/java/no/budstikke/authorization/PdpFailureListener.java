package no.budstikke.authorization;

/**
 * Told each time an external policy decision point could not be asked or could not be understood, so the caller
 * can count it: every question of that request was denied, and operators need to see that the denials were
 * outages, not policy.
 */
@FunctionalInterface
public interface PdpFailureListener {

    /**
     * @param reason a short, fixed word fit for a metric tag: {@code timeout}, {@code connection}, {@code status},
     *               {@code malformed}, {@code incomplete} or {@code token}
     */
    void failed(String reason);
}
