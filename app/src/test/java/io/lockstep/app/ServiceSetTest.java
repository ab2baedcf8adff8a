package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.config.ConfigException;
import io.lockstep.edge.service.LockstepService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceSetTest {

  /** Real services join the class path as the app gains dependencies; these tests only rely on the test ones. */
  private static ServiceSet testServices() {
    return ServiceSet.of(List.of(new OtherTestService(), new EchoTestService()));
  }

  @Test
  void discoversTheServicesRegisteredOnTheClassPath() {
    assertThat(ServiceSet.discover().names()).contains("echo", "other");
  }

  @Test
  void selectsOnlyTheNamedServicesInNameOrder() {
    ServiceSet set = testServices();

    assertThat(set.select(Set.of("echo"))).extracting(LockstepService::name).containsExactly("echo");
    assertThat(set.select(Set.of("other", "echo"))).extracting(LockstepService::name)
        .containsExactly("echo", "other");
    assertThat(set.select(Set.of())).isEmpty();
  }

  @Test
  void unknownServiceNameIsRefusedWithTheAvailableOnes() {
    ServiceSet set = testServices();

    assertThatThrownBy(() -> set.select(Set.of("echo", "nosuch")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown service nosuch in --services; available on this class path: echo, other");
    assertThatThrownBy(() -> set.select(Set.of("nosuch", "alsonot")))
        .hasMessageStartingWith("unknown services alsonot, nosuch");
  }

  @Test
  void withNothingOnTheClassPathTheMessageSaysSo() {
    ServiceSet empty = ServiceSet.of(List.of());

    assertThat(empty.names()).isEmpty();
    assertThatThrownBy(() -> empty.select(Set.of("sync"))).hasMessageEndingWith("available on this class path: none");
  }

  @Test
  void twoServicesWithOneNameAreRefused() {
    assertThatThrownBy(() -> ServiceSet.of(List.of(new EchoTestService(), new EchoTestService())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("two services on the class path are named 'echo'");
  }
}
