package no.budstikke.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates the hub's identities, resources and event subjects into the attribute ids Altinn Authorization's
 * policies match on.
 *
 * <ul>
 * <li>An identity becomes one attribute: {@code /org/{org}} → {@code urn:altinn:org}, {@code /organisation/{orgno}}
 * → {@code urn:altinn:organization:identifier-no}, {@code /person/{pid}} → {@code urn:altinn:person:identifier-no},
 * {@code /user/{id}} → {@code urn:altinn:userid}, {@code /party/{id}} → {@code urn:altinn:partyid}. Readers and
 * publishers go into the access subject this way; an event's subject goes into the resource category the same way,
 * as Altinn Events does, so a policy can tell whose event it is.</li>
 * <li>A resource {@code urn:altinn:resource:X} becomes {@code urn:altinn:resource = X}; any other URN is split at
 * its last colon ({@code urn:a:b:c} → {@code urn:a:b = c}), the rule Altinn applies to URNs it does not know.</li>
 * <li>A subject or alternative subject written as a URN ({@code urn:altinn:person:identifier-no:…}) is split the
 * same way. One in neither notation is left out: without a party the PDP can only grant the read to those who
 * may read the resource as a whole, which is the safe reading of an event nobody is named on.</li>
 * <li>The alternative subject names the same party in another notation (a person number beside a party id); it
 * is added only where its attribute id is not already there, so two notations never become two parties.</li>
 * </ul>
 */
final class XacmlAttributes {

    static final String ALTINN_RESOURCE = "urn:altinn:resource";

    private static final Map<String, String> IDENTITY_ATTRIBUTES = Map.of(
            "org", "urn:altinn:org",
            "organisation", "urn:altinn:organization:identifier-no",
            "person", "urn:altinn:person:identifier-no",
            "user", "urn:altinn:userid",
            "party", "urn:altinn:partyid");

    private XacmlAttributes() {
    }

    static List<XacmlAttribute> subject(Identity identity) {
        return List.of(of(identity));
    }

    /** The resource as a whole: no party attributes, so only rules for the entire resource can match. */
    static List<XacmlAttribute> resource(String resource) {
        return List.of(resourceId(resource));
    }

    /** The resource narrowed to the party an event (or a subscription filter) is about. */
    static List<XacmlAttribute> resource(String resource, String subject, String alternativeSubject) {
        List<XacmlAttribute> attributes = new ArrayList<>(resource(resource));
        addParty(attributes, subject);
        addParty(attributes, alternativeSubject);
        return attributes;
    }

    private static void addParty(List<XacmlAttribute> attributes, String party) {
        XacmlAttribute attribute = party(party);
        if (attribute != null && attributes.stream().noneMatch(a -> a.id().equals(attribute.id()))) {
            attributes.add(attribute);
        }
    }

    private static XacmlAttribute party(String party) {
        if (Identity.isValid(party)) {
            return of(new Identity(party));
        }
        if (party != null && splittable(party)) {
            return splitAtLastColon(party);
        }
        return null;
    }

    private static XacmlAttribute of(Identity identity) {
        String value = identity.value();
        int slash = value.indexOf('/', 1);
        return new XacmlAttribute(IDENTITY_ATTRIBUTES.get(value.substring(1, slash)), value.substring(slash + 1));
    }

    /** A resource that cannot be split is sent whole as the resource id: no policy names it, so none permits. */
    private static XacmlAttribute resourceId(String resource) {
        String altinnPrefix = ALTINN_RESOURCE + ":";
        if (resource.startsWith(altinnPrefix) && resource.length() > altinnPrefix.length()) {
            return new XacmlAttribute(ALTINN_RESOURCE, resource.substring(altinnPrefix.length()));
        }
        return splittable(resource) ? splitAtLastColon(resource) : new XacmlAttribute(ALTINN_RESOURCE, resource);
    }

    private static boolean splittable(String urn) {
        int colon = urn.lastIndexOf(':');
        return urn.startsWith("urn:") && colon > "urn".length() && colon < urn.length() - 1;
    }

    private static XacmlAttribute splitAtLastColon(String urn) {
        int colon = urn.lastIndexOf(':');
        return new XacmlAttribute(urn.substring(0, colon), urn.substring(colon + 1));
    }
}
