package no.budstikke.authorization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The decisions a PDP's answer gives the references of one multi-decision request. Only {@code Permit} permits;
 * {@code Deny}, {@code NotApplicable}, {@code Indeterminate}, anything else and no answer at all deny.
 *
 * <p>Results are matched to references by the reference ids they echo ({@link XacmlMultiRequest#REFERENCE_ATTRIBUTE}),
 * whatever order they come in. Only when no result echoes any id (a PDP that ignores {@code IncludeInResult}) and
 * there is exactly one result per reference are they taken in the order the references were sent: Altinn
 * Authorization evaluates the references one after the other and answers in that order, though the profile does
 * not promise it. A reference answered twice is permitted only if both answers permit.
 *
 * <p>Obligations and advice are not enforced. Altinn attaches a minimum authentication level to most permits, and
 * the hub has no authentication level for its consumers to compare it with; their tokens were checked when they
 * called the hub.
 */
final class XacmlDecisions {

    private static final String PERMIT = "Permit";

    private final boolean[] permitted;
    private final int unanswered;

    private XacmlDecisions(boolean[] permitted, int unanswered) {
        this.permitted = permitted;
        this.unanswered = unanswered;
    }

    static XacmlDecisions read(byte[] answer, XacmlMultiRequest request) {
        List<XacmlJson.Result> results = results(answer);
        int references = request.references();
        boolean[] permitted = new boolean[references];
        boolean[] answered = new boolean[references];
        List<List<String>> echoed = results.stream().map(XacmlDecisions::echoedIds).toList();
        boolean matchByEcho = echoed.stream().anyMatch(ids -> !ids.isEmpty());
        if (matchByEcho || results.size() == references) {
            for (int i = 0; i < results.size(); i++) {
                int reference = matchByEcho ? request.referenceEchoing(echoed.get(i)) : i;
                if (reference >= 0) {
                    boolean permit = results.get(i) != null && PERMIT.equals(results.get(i).decision());
                    permitted[reference] = permit && (!answered[reference] || permitted[reference]);
                    answered[reference] = true;
                }
            }
        }
        int unanswered = 0;
        for (boolean a : answered) {
            unanswered += a ? 0 : 1;
        }
        return new XacmlDecisions(permitted, unanswered);
    }

    boolean permitted(int reference) {
        return permitted[reference];
    }

    /** References no result could be matched to: denied, and a sign the PDP or the matching misbehaves. */
    int unanswered() {
        return unanswered;
    }

    private static List<XacmlJson.Result> results(byte[] answer) {
        try {
            XacmlJson.ResponseRoot root = XacmlJson.MAPPER.readValue(answer, XacmlJson.ResponseRoot.class);
            if (root == null || root.response() == null) {
                throw new PdpFailureException("malformed", "the policy decision point's answer has no Response");
            }
            return root.response();
        } catch (IOException e) {
            throw new PdpFailureException("malformed", "the policy decision point's answer is not XACML JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<String> echoedIds(XacmlJson.Result result) {
        List<String> ids = new ArrayList<>(3);
        if (result == null || result.category() == null) {
            return ids;
        }
        for (XacmlJson.ResultCategory category : result.category()) {
            if (category == null || category.attribute() == null) {
                continue;
            }
            for (XacmlJson.ResultAttribute attribute : category.attribute()) {
                if (attribute != null && XacmlMultiRequest.REFERENCE_ATTRIBUTE.equals(attribute.attributeId())) {
                    addValues(ids, attribute.value());
                }
            }
        }
        return ids;
    }

    /** The profile allows a value to be an array; an echoed id may come back as {@code ["s1"]}. */
    private static void addValues(List<String> ids, JsonNode value) {
        if (value == null) {
            return;
        }
        if (value.isArray()) {
            value.forEach(v -> addValues(ids, v));
        } else if (value.isValueNode() && !value.isNull()) {
            ids.add(value.asText());
        }
    }
}
