package no.budstikke.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused security setting as Spring Boot's short "APPLICATION FAILED TO START" report, not a stack trace. */
public final class UnsafeSecurityConfigurationAnalyzer extends AbstractFailureAnalyzer<UnsafeSecurityConfiguration> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeSecurityConfiguration cause) {
        return new FailureAnalysis("Refused security configuration: " + cause.getMessage(), cause.action(), cause);
    }
}
