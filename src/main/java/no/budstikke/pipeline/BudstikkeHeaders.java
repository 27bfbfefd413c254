package no.budstikke.pipeline;

/** Names of the Camel headers the hub's routes pass between stages. */
public final class BudstikkeHeaders {

    /** The authenticated caller's {@link no.budstikke.authorization.Identity}. */
    public static final String CALLER = "BudstikkeCaller";
    /** Whether the publish request was a batch (answered with an array). */
    public static final String BATCH = "BudstikkeBatch";
    /** The URL (with every query parameter except {@code after}) the next-page link is built on. */
    public static final String NEXT_BASE = "BudstikkeNextBase";
    /** When the query began, in nanoseconds, for the latency metric. */
    public static final String QUERY_STARTED = "BudstikkeQueryStarted";
    /** The media type a page of events is answered with (Altinn's app views answer plain JSON). */
    public static final String PAGE_MEDIA_TYPE = "BudstikkePageMediaType";

    private BudstikkeHeaders() {
    }
}
