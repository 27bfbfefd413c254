package no.budstikke.config;

import no.budstikke.store.IncompatibleSchemaException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused schema into a short start-up report instead of a stack trace. */
public class IncompatibleSchemaFailureAnalyzer extends AbstractFailureAnalyzer<IncompatibleSchemaException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleSchemaException cause) {
        return new FailureAnalysis("Incompatible database schema. " + cause.getMessage(),
                "Start a release whose migrations match the database (docs/operations.md, upgrades and several nodes).",
                cause);
    }
}
