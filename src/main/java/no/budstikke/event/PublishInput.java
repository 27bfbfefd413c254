package no.budstikke.event;

import java.util.Map;

/**
 * A publish request as it arrived, before any parsing: the body, its content type and any {@code ce-*}
 * headers (keys lower-case, without the prefix).
 */
public record PublishInput(byte[] body, String contentType, Map<String, String> ceHeaders, boolean appEvent) {
}
