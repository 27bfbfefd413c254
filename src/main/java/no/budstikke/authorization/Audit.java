package no.budstikke.authorization;

/** Where enforcement points report each denial ({@link AuditLog} keeps them). */
@FunctionalInterface
public interface Audit {

    void denied(Denial denial);
}
