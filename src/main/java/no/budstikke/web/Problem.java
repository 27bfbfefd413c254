package no.budstikke.web;

import java.util.List;
import java.util.Map;

import no.budstikke.event.FieldError;

/** An RFC 9457 problem document, as every error of the API is returned. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("type", type);
        map.put("title", title);
        map.put("status", status);
        map.put("detail", detail);
        if (!errors.isEmpty()) {
            map.put("errors", errors);
        }
        return map;
    }
}
