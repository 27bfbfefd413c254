package no.budstikke.security;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.Identity;
import no.budstikke.web.Problem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/token}: a signed token for any identity and scopes, for development only, and only to a caller
 * on this machine: the connection's own address must be loopback (forwarding headers are never read).
 */
@RestController
@ConditionalOnExpression(DevTokenIssuer.ONLY_WITHOUT_EXTERNAL_ISSUER)
public class DevTokenController {

    private final DevTokenIssuer issuer;

    public DevTokenController(DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    record TokenRequest(String identity, List<String> scopes) {
    }

    @PostMapping(path = "/dev/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (!LoopbackAddress.is(http.getRemoteAddr())) {
            Problem problem = Problem.of(403, "Forbidden",
                    "The development token issuer answers only requests from this machine (a loopback address)");
            return ResponseEntity.status(403).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.asMap());
        }
        if (request == null || !Identity.isValid(request.identity())) {
            Problem problem = Problem.of(400, "Bad Request",
                    "identity must be /org/…, /organisation/…, /person/…, /user/… or /party/…");
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.asMap());
        }
        List<String> scopes = request.scopes() == null ? List.of() : request.scopes();
        String token = issuer.issue(request.identity(), scopes);
        return ResponseEntity.ok(Map.of(
                "access_token", token,
                "token_type", "Bearer",
                "expires_in", issuer.lifetime().toSeconds(),
                "scope", String.join(" ", scopes)));
    }
}
