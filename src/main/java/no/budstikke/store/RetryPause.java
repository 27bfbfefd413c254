package no.budstikke.store;

/** The pause a background thread takes before trying again after the database failed it. */
public final class RetryPause {

    private RetryPause() {
    }

    /** Waits a second; an interrupt ends the wait early and stays set for the caller's loop to see. */
    public static void take() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
