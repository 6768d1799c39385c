package dev.taskrunner.api.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells at start when a signal that stops the node is ignored. A process inherits ignored signals
 * from its parent (a job a script starts in the background has SIGINT ignored, {@code nohup} SIGHUP,
 * some supervisors more), and a JVM that starts with SIGINT or SIGTERM ignored keeps it ignored: that
 * signal then does nothing, and an operator's Ctrl-C or {@code kill} seems to be lost. The kernel's
 * word is read ({@code SigIgn} of {@code /proc/self/status}); nothing is changed.
 */
public final class StopSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  /** The signals the daemon stops on, by number, and what the operator should send instead. */
  private static final List<Stop> STOPS = List.of(new Stop(2, "SIGINT", "SIGTERM"), new Stop(15, "SIGTERM", "SIGINT"));

  private record Stop(int number, String name, String other) {}

  private StopSignals() {}

  /** Logs a warning for each stop signal this process ignores; silent where there is no {@code /proc}. */
  public static void warnIfIgnored() {
    String mask;
    try {
      mask = sigIgn(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | RuntimeException e) {
      return; // not Linux, or no /proc: nothing to tell
    }
    List<String> ignored = ignored(mask);
    if (ignored.size() == STOPS.size()) {
      LOG.warn("SIGINT and SIGTERM are ignored by this process (inherited from the process that started it): neither"
          + " will stop the node; only SIGKILL will (the tasks keep running either way)");
      return;
    }
    for (Stop stop : STOPS) {
      if (ignored.contains(stop.name())) {
        LOG.warn("{} is ignored by this process (inherited from the process that started it, as a job a script starts"
            + " in the background ignores SIGINT): it will not stop the node; send {} instead", stop.name(), stop.other());
      }
    }
  }

  /** The {@code SigIgn} mask (hexadecimal) of a {@code /proc/PID/status} text. */
  static String sigIgn(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("SigIgn:")) {
        return line.substring("SigIgn:".length()).trim();
      }
    }
    throw new IllegalArgumentException("no SigIgn line");
  }

  /** The stop signals a {@code SigIgn} mask ignores (bit n-1 is signal n). */
  static List<String> ignored(String mask) {
    long bits = Long.parseUnsignedLong(mask.length() > 16 ? mask.substring(mask.length() - 16) : mask, 16);
    List<String> names = new ArrayList<>();
    for (Stop stop : STOPS) {
      if ((bits & (1L << (stop.number() - 1))) != 0) {
        names.add(stop.name());
      }
    }
    return names;
  }
}
