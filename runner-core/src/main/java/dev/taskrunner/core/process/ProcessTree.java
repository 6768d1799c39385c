package dev.taskrunner.core.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signals a whole tree of processes: the process groups of the root and of each descendant
 * (a group still holds children that were re-parented when their parent exited) and every
 * descendant itself (which still holds children that moved to a group of their own). Java cannot
 * signal a group, so that part runs {@code kill(1)}, once for all groups.
 */
public final class ProcessTree {
  private static final Optional<String> SETSID = Executables.find("setsid", System.getenv("PATH")).map(Path::toString);

  private ProcessTree() {}

  /**
   * {@code setsid(1)}, which starts a program in a new session and process group whose id is
   * the program's pid (it does not fork when its caller is not a group leader, and a JVM's
   * children never are); empty when the host lacks it.
   */
  public static Optional<String> setsid() {
    return SETSID;
  }

  /**
   * Sends SIGTERM ({@code force} false) or SIGKILL to {@code group} (if positive), to the tree
   * under {@code root} and, when {@code withGroups}, to the groups led by the tree's processes.
   */
  public static void signal(long group, ProcessHandle root, boolean force, boolean withGroups) {
    List<ProcessHandle> tree = new ArrayList<>();
    if (root != null) {
      root.descendants().forEach(tree::add);
      tree.add(root);
    }
    List<Long> groups = new ArrayList<>();
    if (group > 0) {
      groups.add(group);
    }
    if (withGroups) {
      tree.forEach(p -> groups.add(p.pid()));
    }
    if (!groups.isEmpty()) {
      signalGroups(groups, force ? "KILL" : "TERM");
    }
    for (ProcessHandle p : tree) {
      if (force) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
    }
  }

  /** Sends SIGTERM or SIGKILL to {@code group} (if positive) and the tree under {@code root}. */
  public static void signal(long group, ProcessHandle root, boolean force) {
    signal(group, root, force, false);
  }

  /**
   * True while a process of {@code group} runs. Zombies do not count: where PID 1 does not reap
   * orphans (some containers), an exited child stays a zombie and {@code kill -0} still finds it.
   */
  public static boolean groupAlive(long group) {
    if (group <= 0) {
      return false;
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        if (runsInGroup(Long.parseLong(proc.getFileName().toString()), group)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return signalGroup(group, "0"); // no /proc: ask kill(1)
    }
  }

  /** Reads {@code /proc/PID/stat}: after the command name come state, ppid, pgrp. */
  private static boolean runsInGroup(long pid, long group) {
    return ProcStat.read(pid).map(s -> s.pgrp() == group && !s.isZombie()).orElse(false); // gone meanwhile: not
  }

  /** {@code kill -s SIGNAL -- -GROUP}; true when at least one process was signalled. */
  public static boolean signalGroup(long group, String signal) {
    return signalGroups(List.of(group), signal);
  }

  /** One {@code kill(1)} for many groups; ids that lead no group are skipped by kill itself. */
  private static boolean signalGroups(List<Long> groups, String signal) {
    List<String> command = new ArrayList<>(List.of("kill", "-s", signal, "--"));
    groups.forEach(g -> command.add("-" + g));
    try {
      Process kill = new ProcessBuilder(command)
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

  /** False for a process that has exited but not been reaped yet (Linux {@code /proc/PID/stat} state Z). */
  public static boolean isRunning(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    // No /proc here (or the process just went): trust the JDK.
    return ProcStat.read(p.pid()).map(s -> !s.isZombie()).orElse(p.isAlive());
  }
}
