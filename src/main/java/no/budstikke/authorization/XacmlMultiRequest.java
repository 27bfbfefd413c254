package no.budstikke.authorization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many questions as one multi-decision request: each distinct subject, action and resource is sent once as a
 * category with an id ({@code s1}, {@code a1}, {@code r1}, …), and each distinct combination asked becomes one
 * {@code RequestReference}. Questions that come out the same (two events of one party in a page) share a reference.
 *
 * <p>Every category also carries {@value #REFERENCE_ATTRIBUTE} = its own id with {@code IncludeInResult}, so each
 * result names the categories it answers: the profile does not promise that results come back in order.
 */
final class XacmlMultiRequest {

    /** Not matched by any policy; it only travels to the PDP and back. */
    static final String REFERENCE_ATTRIBUTE = "urn:budstikke:reference-id";
    static final String ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";

    private final Map<List<XacmlAttribute>, String> subjects = new LinkedHashMap<>();
    private final Map<String, String> actions = new LinkedHashMap<>();
    private final Map<List<XacmlAttribute>, String> resources = new LinkedHashMap<>();
    private final Map<List<String>, Integer> referenceByIds = new HashMap<>();
    private final List<List<String>> references = new ArrayList<>();
    private final Map<String, List<Integer>> referencesByCategory = new HashMap<>();
    private final int[] referenceOfQuestion;

    XacmlMultiRequest(List<XacmlQuestion> questions) {
        referenceOfQuestion = new int[questions.size()];
        for (int i = 0; i < referenceOfQuestion.length; i++) {
            XacmlQuestion question = questions.get(i);
            List<String> ids = List.of(
                    subjects.computeIfAbsent(question.subject(), s -> "s" + (subjects.size() + 1)),
                    actions.computeIfAbsent(question.action(), a -> "a" + (actions.size() + 1)),
                    resources.computeIfAbsent(question.resource(), r -> "r" + (resources.size() + 1)));
            referenceOfQuestion[i] = referenceByIds.computeIfAbsent(ids, this::newReference);
        }
    }

    private int newReference(List<String> ids) {
        int reference = references.size();
        references.add(ids);
        ids.forEach(id -> referencesByCategory.computeIfAbsent(id, c -> new ArrayList<>()).add(reference));
        return reference;
    }

    int questions() {
        return referenceOfQuestion.length;
    }

    int references() {
        return references.size();
    }

    int referenceOf(int question) {
        return referenceOfQuestion[question];
    }

    /**
     * The one reference whose categories include every id a result echoed, or -1 when none or several fit: a PDP
     * that echoes only some of the categories can still be matched as long as what it echoes is unambiguous.
     */
    int referenceEchoing(Collection<String> echoedIds) {
        if (echoedIds.isEmpty()) {
            return -1;
        }
        List<Integer> fewest = echoedIds.stream()
                .map(id -> referencesByCategory.getOrDefault(id, List.of()))
                .min(Comparator.comparingInt(List::size))
                .orElseThrow();
        List<Integer> matching = fewest.stream()
                .filter(r -> references.get(r).containsAll(echoedIds))
                .limit(2)
                .toList();
        return matching.size() == 1 ? matching.get(0) : -1;
    }

    XacmlJson.RequestRoot body() {
        return new XacmlJson.RequestRoot(new XacmlJson.Request(false,
                categories(subjects),
                actions.entrySet().stream()
                        .map(a -> category(a.getValue(), List.of(new XacmlAttribute(ACTION_ID, a.getKey()))))
                        .toList(),
                categories(resources),
                new XacmlJson.MultiRequests(references.stream().map(XacmlJson.RequestReference::new).toList())));
    }

    private static List<XacmlJson.Category> categories(Map<List<XacmlAttribute>, String> byAttributes) {
        return byAttributes.entrySet().stream().map(e -> category(e.getValue(), e.getKey())).toList();
    }

    private static XacmlJson.Category category(String id, List<XacmlAttribute> attributes) {
        List<XacmlJson.Attribute> json = new ArrayList<>(attributes.size() + 1);
        attributes.forEach(a -> json.add(new XacmlJson.Attribute(a.id(), a.value(), false)));
        json.add(new XacmlJson.Attribute(REFERENCE_ATTRIBUTE, id, true));
        return new XacmlJson.Category(id, json);
    }
}
