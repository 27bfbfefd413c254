package no.budstikke.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import no.budstikke.web.Problem;
import no.budstikke.web.ProblemWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses a request body above the batch limit before any of it is read, so a huge upload costs nothing. */
public class RequestSizeFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemWriter problems;

    public RequestSizeFilter(long maxBytes, ProblemWriter problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setHeader("Connection", "close");
            problems.write(response, Problem.of(413, "Content Too Large",
                    "The request body is " + request.getContentLengthLong() + " bytes; the limit is " + maxBytes));
            return;
        }
        chain.doFilter(request, response);
    }
}
