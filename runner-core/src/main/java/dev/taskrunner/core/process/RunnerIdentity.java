package dev.taskrunner.core.process;

import dev.taskrunner.core.env.RunnerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A runner process named for good: its pid, its start time in clock ticks since boot, and the boot
 * it belongs to. The node records it, in a file of its own, the moment it launches a runner; from
 * then on it believes a process is that runner only when the kernel says so — same pid, same
 * start, same boot, not a zombie, a TaskRunner on the command line — and signals nothing else.
 * A pid in a status file the task could have written is never enough.
 */
public record RunnerIdentity(long pid, long startTicks, String bootId) implements RunnerRecord {
  private static final String BOOT_ID = readBootId();

  /** The identity of process {@code pid} as the kernel reports it now; empty without such a process. */
  public static Optional<RunnerIdentity> observe(long pid) {
    return ProcStat.read(pid).filter(s -> !s.isZombie()).map(s -> new RunnerIdentity(pid, s.startTicks(), BOOT_ID));
  }

  /** This process's identity. */
  public static RunnerIdentity self() {
    return new RunnerIdentity(SelfProcess.pid(), SelfProcess.startTicks(), BOOT_ID);
  }

  /**
   * Why the kernel does not confirm this identity as a live process whose command line
   * {@code isRunner} accepts; {@code null} when it does. Checks, in order: a pid above 1, this
   * boot, a process with that pid, the same start time, not a zombie, the command line.
   */
  public String mismatch(Predicate<List<String>> isRunner) {
    String gone = processMismatch();
    if (gone != null) {
      return gone;
    }
    List<String> args = ProcStat.commandLine(pid);
    for (int i = 0; args.isEmpty() && i < EMPTY_COMMAND_LINE_RETRIES && pause(); i++) {
      // A process in the middle of an execve shows no command line for an instant (setsid turning
      // into the runner's JVM, right after a launch); a kernel thread's stays empty.
      args = ProcStat.commandLine(pid);
    }
    if (args.isEmpty() && (gone = processMismatch()) != null) {
      return gone; // ended while its command line was read
    }
    if (!isRunner.test(args)) {
      return "pid " + pid + " is not a runner for this task (command line " + args + ")";
    }
    return null;
  }

  /** Why the kernel has no live process of this identity; null when it has one. */
  private String processMismatch() {
    if (pid <= 1) {
      return "pid " + pid + " cannot be a runner";
    }
    if (!BOOT_ID.equals(bootId)) {
      return "runner pid " + pid + " was started before the machine rebooted";
    }
    Optional<ProcStat> now = ProcStat.read(pid);
    if (now.isEmpty()) {
      return "runner pid " + pid + " is gone";
    }
    if (now.get().startTicks() != startTicks) {
      return "runner pid " + pid + " is gone (the pid now belongs to another process)";
    }
    if (now.get().isZombie()) {
      return "runner pid " + pid + " has exited";
    }
    return null;
  }

  /** Reads of an empty command line, {@link #PAUSE_MILLIS} apart, before it is believed. */
  private static final int EMPTY_COMMAND_LINE_RETRIES = 20;
  private static final long PAUSE_MILLIS = 5;

  /** False when interrupted (the interrupt is kept): the caller then decides on what it has. */
  private static boolean pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Long localPid() {
    return pid;
  }

  @Override
  public String describe() {
    return "pid " + pid;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("pid", pid);
    r.put("startTicks", startTicks);
    r.put("bootId", bootId);
    return r;
  }

  @Override
  public String cookie(String taskId) {
    return taskId + "/" + bootId + "/" + pid + "/" + startTicks;
  }

  /** This boot's id ({@code /proc/sys/kernel/random/boot_id}); empty where there is none. */
  public static String currentBootId() {
    return BOOT_ID;
  }

  private static String readBootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
