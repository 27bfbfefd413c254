package no.budstikke.authorization;

/** One attribute of an XACML category: its id (a URN such as {@code urn:altinn:partyid}) and its value. */
record XacmlAttribute(String id, String value) {
}
