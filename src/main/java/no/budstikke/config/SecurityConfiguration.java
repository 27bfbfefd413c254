package no.budstikke.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.authorization.CallerResolver;
import no.budstikke.security.CallerFilter;
import no.budstikke.security.RequestSizeFilter;
import no.budstikke.security.TrustedIssuers;
import no.budstikke.web.Problem;
import no.budstikke.web.ProblemWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * OAuth2 resource server: every API call needs a bearer JWT; publishing needs the publish scope, reading the
 * subscribe scope (the admin scope allows both). Failures are answered as problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    ProblemWriter problemWriter(ObjectMapper mapper) {
        return new ProblemWriter(mapper);
    }

    /** Reads each trusted issuer's tokens by its own claims; the development or single issuer's by all of them. */
    @Bean
    CallerResolver callerResolver(ObjectProvider<TrustedIssuers> trustedIssuers) {
        TrustedIssuers issuers = trustedIssuers.getIfAvailable();
        return issuers == null ? new CallerResolver() : issuers.callerResolver();
    }

    /**
     * Spring's firewall checks every header value with a regular expression, which on a long bearer token costs
     * more than storing the event; the same rule (no control characters) as a plain loop.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(SecurityConfiguration::printable);
        firewall.setAllowedHeaderValues(SecurityConfiguration::printable);
        return firewall;
    }

    /** No observation wrapped around each security filter: it costs more per request than the filters themselves. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, BudstikkeProperties properties, ProblemWriter problems,
            CallerResolver resolver, ObjectProvider<TrustedIssuers> trustedIssuers) throws Exception {
        var scopes = properties.security().scopes();
        String publish = "SCOPE_" + scopes.publish();
        String subscribe = "SCOPE_" + scopes.subscribe();
        String admin = "SCOPE_" + scopes.admin();
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(response, Problem.of(401, "Unauthorized", "A valid bearer token is required"));
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(response,
                Problem.of(403, "Forbidden", "The token lacks the scope this operation needs"));
        http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // platform-http answers from another thread; security headers written at the end of the filter
                // chain would race with it on Tomcat's header table, so write them before the request goes on.
                .headers(headers -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/health", "/health/**", "/prometheus", "/info", "/error", "/openapi.yaml",
                                "/dev/token", "/console", "/console/**", "/webjars/**").permitAll()
                        // Each path with everything below it: Camel's servlet serves a path with a trailing slash
                        // (or more) as the same operation, so an exact pattern would let that spelling skip the scope.
                        .requestMatchers(HttpMethod.POST, "/events/api/v1/events", "/events/api/v1/events/**",
                                "/events/api/v1/app", "/events/api/v1/app/", "/legacy/altinn2/events",
                                "/legacy/altinn2/events/**").hasAnyAuthority(publish, admin)
                        .requestMatchers(HttpMethod.GET, "/events/api/v1/events", "/events/api/v1/events/**")
                                .hasAnyAuthority(subscribe, admin)
                        // As in Altinn, the app views take any valid token (a service owner's without an events
                        // scope, an end user's): the policy alone decides which events the caller sees.
                        .requestMatchers(HttpMethod.GET, "/events/api/v1/app/**").authenticated()
                        .requestMatchers("/events/api/v1/admin/**").hasAuthority(admin)
                        .requestMatchers("/events/api/v1/subscriptions", "/events/api/v1/subscriptions/**")
                                .hasAnyAuthority(subscribe, admin)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(oauth -> {
                    TrustedIssuers issuers = trustedIssuers.getIfAvailable();
                    if (issuers == null) {
                        oauth.jwt(jwt -> { });
                    } else {
                        oauth.authenticationManagerResolver(issuers.resolver());
                    }
                    oauth.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden);
                })
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterAfter(new CallerFilter(resolver, problems), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new RequestSizeFilter(properties.ingest().maxBatchBytes(), problems),
                        BearerTokenAuthenticationFilter.class);
        return http.build();
    }
}
