package no.budstikke.pipeline;

import org.apache.camel.Predicate;

/** For routes that drain a backlog a page at a time: the body is the size of the page just read. */
final class Pages {

    private Pages() {
    }

    /** True before the first page and while the last page read anything: the reader has not caught up. */
    static Predicate notCaughtUp() {
        return exchange -> {
            Integer read = exchange.getMessage().getBody(Integer.class);
            return read == null || read > 0;
        };
    }
}
