package no.budstikke.authorization;

/** {@code holder} has {@code role} (e.g. DAGL, REGNA, PRIV, ACCOUNTANT) for {@code party}. */
public record RoleAssignment(String holder, String role, String party) {
}
