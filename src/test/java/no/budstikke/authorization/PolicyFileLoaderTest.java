package no.budstikke.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileLoaderTest {

    private final PolicyFileLoader loader = new PolicyFileLoader();

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("authorization.yaml"), yaml);
    }

    @Test
    void shippedExamplePolicyLoads() {
        PolicyFile policy = loader.load(Path.of("config/authorization.yaml"));

        assertThat(policy.resources()).extracting(PolicyFile.ResourcePolicy::id).containsExactly(
                "urn:altinn:resource:skd-skattemelding",
                "urn:altinn:resource:app_skd_skattemelding",
                "urn:altinn:resource:dodsbo.domstoladmin.api",
                "urn:altinn:resource:brreg-enhetsregisteret",
                "urn:altinn:resource:skd-folkeregisteret-hendelser",
                "urn:altinn:resource:se_4936_1");
        PolicyFile.ResourcePolicy skattemelding = policy.resources().get(0);
        assertThat(skattemelding.owner()).isEqualTo("/org/skd");
        assertThat(skattemelding.publishers()).containsExactly("/organisation/974760673");
        assertThat(skattemelding.readers()).containsExactly("/org/nav");
        assertThat(skattemelding.roles()).containsExactly("DAGL", "REGNA");
        assertThat(policy.resources().get(1).publishers()).isEmpty();
        assertThat(policy.resources().get(1).readers()).isEmpty();
        assertThat(policy.roleAssignments()).containsExactly(
                new PolicyFile.RoleAssignment("/person/01038712345", "DAGL", "/organisation/974760673"));
    }

    @Test
    void sectionsLeftEmptyAreAnEmptyPolicy() throws IOException {
        PolicyFile policy = loader.load(write("resources:\nroleAssignments:\n"));

        assertThat(policy.resources()).isEmpty();
        assertThat(policy.roleAssignments()).isEmpty();
    }

    @Test
    void typeErrorIsReportedWithItsLine() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: /org/a
                    publishers:
                      not: a-list
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is invalid at line 5");
    }

    @Test
    void yamlSyntaxErrorIsReportedWithItsLine() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                   owner: /org/a
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void scalarWhereAListBelongsIsReportedWithItsLine() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: /org/a
                    readers: 5
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is invalid at line 4");
    }

    @Test
    void unknownPropertyIsRefusedNamingIt() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: /org/a
                    publisher: [/org/b]
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is invalid at line")
                .hasMessageContaining("Unrecognized field \"publisher\"");
    }

    @Test
    void unknownTopLevelPropertyIsRefused() throws IOException {
        Path file = write("""
                resources: []
                grants: []
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grants");
    }

    @Test
    void invalidOwnerIdentityIsRefused() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: skd
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources[0].owner must be an identity");
    }

    @Test
    void missingOwnerIsRefused() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources[0].owner");
    }

    @Test
    void invalidReaderIdentityIsRefused() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: /org/a
                    readers: [/org/b, nav]
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources[0].readers contains an invalid identity");
    }

    @Test
    void invalidPublisherIdentityIsRefused() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: /org/a
                    publishers: [/company/1]
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources[0].publishers contains an invalid identity");
    }

    @Test
    void duplicateResourceIdIsRefused() throws IOException {
        Path file = write("""
                resources:
                  - id: urn:altinn:resource:a
                    owner: /org/a
                  - id: urn:altinn:resource:a
                    owner: /org/b
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources[1].id urn:altinn:resource:a is listed twice");
    }

    @Test
    void resourceIdThatIsNotAUrnIsRefused() throws IOException {
        Path file = write("""
                resources:
                  - id: skd-skattemelding
                    owner: /org/skd
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resources[0].id must be a URN");
    }

    @Test
    void incompleteRoleAssignmentIsRefused() throws IOException {
        Path file = write("""
                roleAssignments:
                  - { holder: /person/01038712345, party: /organisation/974760673 }
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("roleAssignments[0] needs holder, role and party");
    }

    @Test
    void missingFileIsRefusedNamingThePathAndTheSetting() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("budstikke.authorization.policy-file");
    }

    @Test
    void directoryInsteadOfAFileIsRefused() {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
    }
}
