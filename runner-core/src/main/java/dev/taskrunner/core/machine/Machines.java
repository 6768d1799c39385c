package dev.taskrunner.core.machine;

import dev.taskrunner.core.machine.echo.EchoMachine;
import dev.taskrunner.core.machine.exec.ExecMachine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The machines a runner or node knows, by name: the built-in {@code echo} and {@code exec}, and
 * any other found on the class path through {@link ServiceLoader}. Two machines of one name are
 * an error, reported when the class path is scanned.
 */
public final class Machines {
  private static final Machines INSTALLED = new Machines(null);
  /** The machines given to {@link #of}; {@code null} for the class path's. */
  private final Map<String, Machine> given;
  private volatile Map<String, Machine> scanned;

  private Machines(Map<String, Machine> given) {
    this.given = given;
  }

  /**
   * The machines of the class path. A built-in one is found without scanning the class path:
   * the scan opens and indexes every jar, a tenth of a runner's start for a task that needs none
   * of them.
   */
  public static Machines installed() {
    return INSTALLED;
  }

  public static Machines of(Machine... machines) {
    return new Machines(byName(List.of(machines)));
  }

  public Optional<Machine> find(String name) {
    if (given != null) {
      return Optional.ofNullable(given.get(name));
    }
    Machine builtIn = scanned == null ? builtIn(name) : null;
    return Optional.ofNullable(builtIn != null ? builtIn : scan().get(name));
  }

  /** A built-in machine (they hold no state), or {@code null}. */
  private static Machine builtIn(String name) {
    return switch (name) {
      case EchoMachine.NAME -> new EchoMachine();
      case ExecMachine.NAME -> new ExecMachine();
      default -> null;
    };
  }

  /**
   * Whether a task of machine {@code name} runs wholly inside its runner JVM, starting no process:
   * true only for the built-in {@code echo} (its statements print, sleep, log and return), whose
   * name always means the built-in. The node then need not look for what is left of such a task
   * once its runner has ended. Decided by the name alone, never by a machine on the class path:
   * no provider can switch off that search for its tasks.
   */
  public static boolean runsInsideRunner(String name) {
    return EchoMachine.NAME.equals(name);
  }

  public List<String> names() {
    return List.copyOf((given != null ? given : scan()).keySet());
  }

  private Map<String, Machine> scan() {
    Map<String, Machine> all = scanned;
    if (all == null) {
      List<Machine> found = new ArrayList<>();
      ServiceLoader.load(Machine.class).forEach(found::add);
      all = byName(found);
      scanned = all;
    }
    return all;
  }

  private static Map<String, Machine> byName(List<Machine> machines) {
    Map<String, Machine> map = new TreeMap<>();
    for (Machine machine : machines) {
      Machine previous = map.putIfAbsent(machine.name(), machine);
      if (previous != null) {
        throw new IllegalStateException("two machines are named '" + machine.name() + "': "
            + previous.getClass().getName() + " and " + machine.getClass().getName()
            + "; remove one of their jars from the class path");
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
