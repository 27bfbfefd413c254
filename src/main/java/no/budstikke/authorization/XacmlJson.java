package no.budstikke.authorization;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The wire format of the XACML 3.0 JSON profile, as far as the hub uses it: a request with access-subject, action
 * and resource categories tied together by {@code MultiRequests}, and the list of results that answers it.
 * Requests are written in the profile's own PascalCase; answers are read whatever the case of their member names,
 * since ASP.NET-based PDPs (Altinn's among them) often answer in camelCase.
 */
final class XacmlJson {

    /** Its own mapper: the profile's member names must not follow whatever naming the application's mapper uses. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private XacmlJson() {
    }

    record RequestRoot(@JsonProperty("Request") Request request) {
    }

    record Request(
            @JsonProperty("ReturnPolicyIdList") boolean returnPolicyIdList,
            @JsonProperty("AccessSubject") List<Category> accessSubject,
            @JsonProperty("Action") List<Category> action,
            @JsonProperty("Resource") List<Category> resource,
            @JsonProperty("MultiRequests") MultiRequests multiRequests) {
    }

    record Category(@JsonProperty("Id") String id, @JsonProperty("Attribute") List<Attribute> attribute) {
    }

    record Attribute(
            @JsonProperty("AttributeId") String attributeId,
            @JsonProperty("Value") String value,
            @JsonProperty("IncludeInResult") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean includeInResult) {
    }

    record MultiRequests(@JsonProperty("RequestReference") List<RequestReference> requestReference) {
    }

    record RequestReference(@JsonProperty("ReferenceId") List<String> referenceId) {
    }

    record ResponseRoot(@JsonProperty("Response") List<Result> response) {
    }

    /** {@code Category} holds the attributes sent with {@code IncludeInResult}, echoed so results can be matched. */
    record Result(
            @JsonProperty("Decision") String decision,
            @JsonProperty("Category") List<ResultCategory> category) {
    }

    record ResultCategory(
            @JsonProperty("CategoryId") String categoryId,
            @JsonProperty("Attribute") List<ResultAttribute> attribute) {
    }

    /** The profile lets a value be a string, a number, a boolean or a list of them, so it is read as a tree. */
    record ResultAttribute(@JsonProperty("AttributeId") String attributeId, @JsonProperty("Value") JsonNode value) {
    }
}
