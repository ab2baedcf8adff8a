package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the image's build is checked against the build it
 * mirrors: every Maven module must reach the build stage (Maven refuses a reactor with a module
 * missing), and every module the app is built from must bring its sources.
 */
class DockerfileTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void theImageBuildCopiesEveryModuleOfTheBuild() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    List<String> modules = modules(Files.readString(ROOT.resolve("pom.xml")));

    assertThat(modules).contains("common", "sync-service", "presence-service", "feed-service", "app");
    for (String module : modules) {
      assertThat(dockerfile).as("the pom of module %s", module).contains("COPY " + module + "/pom.xml " + module + "/");
      if (!module.equals("bench")) {
        assertThat(dockerfile).as("the sources of module %s", module).contains("COPY " + module + " " + module + "\n");
      }
    }
  }

  private static List<String> modules(String pom) {
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    return m.results().map(r -> r.group(1)).toList();
  }
}
