package no.budstikke.ingress.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the web console at {@code /console} (its files are static resources under {@code static/console}) and
 * tells it how to sign in: with the development issuer, or with the configured external issuer (OIDC, PKCE).
 */
@Controller
public class ConsoleController {

    private final Map<String, Object> settings;

    /**
     * @param issuer the external issuer's URI, or empty when the development issuer signs tokens
     */
    public ConsoleController(String issuer, String clientId, String scope, Map<String, String> scopes) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("devIssuer", issuer.isEmpty());
        if (!issuer.isEmpty()) {
            settings.put("issuer", issuer);
        }
        settings.put("clientId", clientId);
        settings.put("scope", scope);
        settings.put("scopes", scopes);
        this.settings = java.util.Collections.unmodifiableMap(settings);
    }

    @GetMapping("/console")
    String console() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String index() {
        return "forward:/console/index.html";
    }

    @GetMapping("/console/settings.json")
    @ResponseBody
    ResponseEntity<Map<String, Object>> settings() {
        return ResponseEntity.ok(settings);
    }
}
