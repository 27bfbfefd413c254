package no.budstikke.tracing;

/**
 * The W3C Trace Context {@code traceparent} value, version 00: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex
 * flags>}, the form a trace context is stored in with an event and carried in messages and pushes.
 */
public final class Traceparent {

    private static final int LENGTH = 55;

    private Traceparent() {
    }

    public static String of(String traceId, String spanId, boolean sampled) {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** Whether the value is a version-00 traceparent with non-zero ids (a caller's header is not trusted further). */
    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != LENGTH || !value.startsWith("00-") || value.charAt(35) != '-'
                || value.charAt(52) != '-') {
            return false;
        }
        return isHex(value, 3, 35) && isHex(value, 36, 52) && isHex(value, 53, 55)
                && !isZero(value, 3, 35) && !isZero(value, 36, 52);
    }

    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    public static String spanId(String traceparent) {
        return traceparent.substring(36, 52);
    }

    public static boolean sampled(String traceparent) {
        return (Character.digit(traceparent.charAt(54), 16) & 1) == 1;
    }

    private static boolean isHex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
