package no.budstikke.authorization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads and checks the policy file; a broken file stops the start with the line that is wrong. */
public final class PolicyFileLoader {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public PolicyFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The policy file " + file.toAbsolutePath() + " does not exist"
                    + " (set budstikke.authorization.policy-file)");
        }
        PolicyFile policy;
        try (JsonParser parser = yaml.createParser(file.toFile())) {
            // An empty (or all-comments) file is an empty policy, not an error.
            policy = parser.nextToken() == null ? null : yaml.readValue(parser, PolicyFile.class);
        } catch (JsonMappingException e) {
            throw new IllegalStateException("The policy file " + file + " is invalid" + at(e.getLocation())
                    + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("The policy file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (policy == null) {
            return new PolicyFile(List.of(), List.of());
        }
        check(policy, file);
        return policy;
    }

    private static void check(PolicyFile policy, Path file) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < policy.resources().size(); i++) {
            PolicyFile.ResourcePolicy resource = policy.resources().get(i);
            String where = "resources[" + i + "]";
            if (resource.id() == null || !resource.id().startsWith("urn:")) {
                throw invalid(file, where + ".id must be a URN");
            }
            if (!ids.add(resource.id())) {
                throw invalid(file, where + ".id " + resource.id() + " is listed twice");
            }
            if (!Identity.isValid(resource.owner())) {
                throw invalid(file, where + ".owner must be an identity such as /org/skd");
            }
            identities(file, where + ".publishers", resource.publishers());
            identities(file, where + ".readers", resource.readers());
        }
        for (int i = 0; i < policy.roleAssignments().size(); i++) {
            PolicyFile.RoleAssignment assignment = policy.roleAssignments().get(i);
            String where = "roleAssignments[" + i + "]";
            if (!Identity.isValid(assignment.holder()) || !Identity.isValid(assignment.party())
                    || assignment.role() == null || assignment.role().isBlank()) {
                throw invalid(file, where + " needs holder, role and party (holder and party as identities)");
            }
        }
    }

    private static void identities(Path file, String where, List<String> values) {
        for (String value : values) {
            if (!Identity.isValid(value)) {
                throw invalid(file, where + " contains an invalid identity");
            }
        }
    }

    private static IllegalStateException invalid(Path file, String message) {
        return new IllegalStateException("The policy file " + file + " is invalid: " + message);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " (at " + path + ")";
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
