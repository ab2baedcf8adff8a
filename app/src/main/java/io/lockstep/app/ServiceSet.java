package io.lockstep.app;

import io.lockstep.common.config.ConfigException;
import io.lockstep.edge.service.LockstepService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The services this build can run: every {@link LockstepService} on the class path, found with
 * {@link ServiceLoader} (a service module joins by being a dependency of {@code app}).
 * {@link #select} narrows them to what {@code --services} asks for.
 */
final class ServiceSet {

  private final Map<String, LockstepService> byName;

  private ServiceSet(Map<String, LockstepService> byName) {
    this.byName = byName;
  }

  /** The services registered in {@code META-INF/services} on the class path; new instances each call. */
  static ServiceSet discover() {
    return of(ServiceLoader.load(LockstepService.class));
  }

  /**
   * The given services.
   *
   * @throws ConfigException when two of them have the same name
   */
  static ServiceSet of(Iterable<LockstepService> services) {
    Map<String, LockstepService> byName = new TreeMap<>();
    for (LockstepService s : services) {
      LockstepService previous = byName.putIfAbsent(s.name(), s);
      if (previous != null) {
        throw new ConfigException("two services on the class path are named '" + s.name() + "': "
            + previous.getClass().getName() + " and " + s.getClass().getName());
      }
    }
    return new ServiceSet(Collections.unmodifiableMap(byName));
  }

  /** Names of every available service, sorted. */
  SortedSet<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /**
   * The services named in {@code names}, in name order.
   *
   * @throws ConfigException naming the unknown services and listing the available ones
   */
  List<LockstepService> select(Set<String> names) {
    SortedSet<String> unknown = new TreeSet<>(names);
    unknown.removeAll(byName.keySet());
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown service" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + " in --services; available on this class path: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
    }
    List<LockstepService> selected = new ArrayList<>();
    for (String name : new TreeSet<>(names)) {
      selected.add(byName.get(name));
    }
    return List.copyOf(selected);
  }
}
