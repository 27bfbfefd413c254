package no.budstikke.authorization;

/** One question to the policy decision point: may this reader read this event? */
public record ReadQuestion(Identity reader, EventAccess event) {
}
