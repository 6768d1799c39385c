package dev.taskrunner.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signals a whole tree of processes: a process group (which still holds children that were
 * re-parented when their parent exited) and every descendant of a root (which still holds
 * children that moved to a group of their own). Java cannot signal a group, so that part runs
 * {@code kill(1)}.
 */
public final class ProcessTree {
  private static final Optional<String> SETSID = findExecutable("setsid");

  private ProcessTree() {}

  /**
   * {@code setsid(1)}, which starts a program in a new session and process group whose id is
   * the program's pid (it does not fork when its caller is not a group leader, and a JVM's
   * children never are); empty when the host lacks it.
   */
  public static Optional<String> setsid() {
    return SETSID;
  }

  /** Sends SIGTERM ({@code force} false) or SIGKILL to {@code group} (if positive) and to the tree under {@code root}. */
  public static void signal(long group, ProcessHandle root, boolean force) {
    List<ProcessHandle> tree = new ArrayList<>();
    if (root != null) {
      root.descendants().forEach(tree::add);
      tree.add(root);
    }
    if (group > 0) {
      signalGroup(group, force ? "KILL" : "TERM");
    }
    for (ProcessHandle p : tree) {
      if (force) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
    }
  }

  /** True while any process is in {@code group}. */
  public static boolean groupAlive(long group) {
    return group > 0 && signalGroup(group, "0");
  }

  /** {@code kill -s SIGNAL -- -GROUP}; true when at least one process was signalled. */
  public static boolean signalGroup(long group, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + group)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Optional<String> findExecutable(String name) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
