package no.budstikke.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The web console ({@code budstikke.console.*}; defaults in application.yaml): with an external issuer, the
 * console signs in with the authorization-code flow and PKCE as the public client {@code oidcClientId}, asking
 * for {@code oidcScope}.
 */
@ConfigurationProperties(prefix = "budstikke.console")
public record ConsoleProperties(String oidcClientId, String oidcScope) {
}
