package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1 for the compose stack (no Docker engine runs where the tests run, so the file is
 * read): every Lockstep replica gets its JWT and cluster secrets through compose's required-variable
 * form {@code ${VAR:?message}}, which makes {@code docker compose up} refuse to start while the
 * variable is unset or empty, and the example env file names both.
 */
class ComposeSecretsTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void everyReplicaRequiresBothSecretsFromTheEnvFile() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker/docker-compose.yml"));
    for (String variable : new String[] {"LOCKSTEP_JWT_SECRET", "LOCKSTEP_CLUSTER_SECRET"}) {
      assertThat(compose).as(variable).containsPattern(
          Pattern.compile("(?m)^      " + variable + ": \\$\\{" + variable + ":\\?[^}]+}$"));
    }
    // The secrets live in the &sync-env anchor: every replica's environment must merge it.
    long environments = Pattern.compile("(?m)^    environment:").matcher(compose).results().count();
    long merged = Pattern.compile("(?m)^      <<: \\*sync-env$").matcher(compose).results().count();
    assertThat(compose).contains("environment: &sync-env");
    long replicas = Pattern.compile("(?m)^    <<: \\*sync$").matcher(compose).results().count();
    assertThat(merged + 1).as("replicas whose environment carries the secrets").isEqualTo(replicas);
    assertThat(environments).as("no replica sets an environment of its own").isEqualTo(replicas);

    String example = Files.readString(ROOT.resolve("docker/lockstep.env.example"));
    assertThat(example).contains("LOCKSTEP_JWT_SECRET=\n").contains("LOCKSTEP_CLUSTER_SECRET=\n");
    assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("docker/.env");
  }
}
