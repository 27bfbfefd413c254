package no.budstikke.delivery;

import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Where the {@code traceparent} a push carries comes from: a fresh random one per attempt while tracing is off
 * (nothing recorded, nothing on the hot path), or the span of the attempt when tracing is on.
 */
public interface PushTrace {

    /**
     * Starts the push, handing it the traceparent header to send; the trace of it ends when the push does.
     * {@code parent}: the trace context of the job's delivery (null when it has none).
     */
    CompletableFuture<PushOutcome> around(String parent, Function<String, CompletableFuture<PushOutcome>> push);

    /** Tracing off: a new W3C trace context for each attempt — version 00, random trace and span ids, sampled. */
    PushTrace RANDOM = (parent, push) -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return push.apply("00-" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong()) + "-01");
    };
}
