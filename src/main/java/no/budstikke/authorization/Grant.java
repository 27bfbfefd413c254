package no.budstikke.authorization;

/** {@code holder} may read every event of {@code resource}, whatever its subject. */
public record Grant(String holder, String resource) {
}
