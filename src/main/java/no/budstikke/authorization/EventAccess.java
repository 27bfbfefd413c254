package no.budstikke.authorization;

/** The attributes of an event that decide who may read it. */
public record EventAccess(String resource, String subject, String alternativeSubject) {
}
