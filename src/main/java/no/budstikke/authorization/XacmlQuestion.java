package no.budstikke.authorization;

import java.util.List;

/**
 * One question in XACML terms: may the access subject described by these attributes perform the action on the
 * resource described by those? Equal attribute lists are the same category, which is what lets a multi-decision
 * request send each subject and each resource once.
 */
record XacmlQuestion(List<XacmlAttribute> subject, String action, List<XacmlAttribute> resource) {

    XacmlQuestion {
        subject = List.copyOf(subject);
        resource = List.copyOf(resource);
    }
}
