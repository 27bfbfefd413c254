package no.budstikke.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import no.budstikke.authorization.CallerResolver;
import no.budstikke.authorization.Identity;
import no.budstikke.web.Problem;
import no.budstikke.web.ProblemWriter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the authenticated caller's identity to the Camel routes as a request attribute: platform-http runs
 * routes on another thread, where Spring Security's thread-bound context is not visible.
 */
public class CallerFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = "budstikke.caller";

    private final CallerResolver resolver;
    private final ProblemWriter problems;

    public CallerFilter(CallerResolver resolver, ProblemWriter problems) {
        this.resolver = resolver;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            var identity = resolver.identityOf(token.getToken());
            if (identity.isEmpty()) {
                problems.write(response, Problem.of(403, "Forbidden",
                        "The token names no identity the hub understands (/org/…, /organisation/…, /person/…, /user/…, /party/…)"));
                return;
            }
            request.setAttribute(CALLER_ATTRIBUTE, identity.get());
        }
        chain.doFilter(request, response);
    }

    public static Identity callerOf(HttpServletRequest request) {
        return (Identity) request.getAttribute(CALLER_ATTRIBUTE);
    }
}
