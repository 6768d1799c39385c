package dev.taskrunner.core.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The machines a runner or node knows, by name. Immutable. */
public final class Machines {
  private static volatile Machines installed;
  private final Map<String, Machine> byName;

  private Machines(Map<String, Machine> byName) {
    this.byName = byName;
  }

  /** Every machine on the class path, through {@link ServiceLoader}; loaded once. */
  public static Machines installed() {
    Machines m = installed;
    if (m == null) {
      List<Machine> found = new ArrayList<>();
      ServiceLoader.load(Machine.class).forEach(found::add);
      m = of(found.toArray(new Machine[0]));
      installed = m;
    }
    return m;
  }

  public static Machines of(Machine... machines) {
    Map<String, Machine> map = new TreeMap<>();
    for (Machine machine : machines) {
      Machine previous = map.putIfAbsent(machine.name(), machine);
      if (previous != null) {
        throw new IllegalStateException("two machines are named '" + machine.name() + "': "
            + previous.getClass().getName() + " and " + machine.getClass().getName()
            + "; remove one of their jars from the class path");
      }
    }
    return new Machines(Map.copyOf(map));
  }

  public Optional<Machine> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<String> names() {
    return List.copyOf(new TreeMap<>(byName).keySet());
  }
}
