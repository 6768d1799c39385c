package dev.taskrunner.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every process of a task, found by the cookie each carries in its environment
 * ({@code TASK_RUNNER_COOKIE}) however it left the task's process group, and stopped.
 */
public final class TaskProcesses {
  public static final String VARIABLE = "TASK_RUNNER_COOKIE";
  private static final long SELF = ProcessHandle.current().pid();

  private TaskProcesses() {}

  /** The live processes (not this one) whose environment holds {@code cookie}. */
  public static List<Long> find(String cookie) {
    byte[] entry = (VARIABLE + "=" + cookie).getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid != SELF && carries(pid, entry)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      // no /proc: nothing can be found this way
    }
    return found;
  }

  public static boolean any(String cookie) {
    return !find(cookie).isEmpty();
  }

  /** SIGTERM to every process of the task, SIGKILL to those left after {@code grace}; returns how many were found. */
  public static int kill(String cookie, Duration grace) {
    List<Long> found = find(cookie);
    if (found.isEmpty()) {
      return 0;
    }
    byte[] entry = (VARIABLE + "=" + cookie).getBytes(StandardCharsets.UTF_8);
    signal(found, entry, false);
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && any(cookie)) {
      pause();
    }
    long hardDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    for (List<Long> left = find(cookie); !left.isEmpty() && System.nanoTime() < hardDeadline; left = find(cookie)) {
      signal(left, entry, true);
      pause();
    }
    return found.size();
  }

  private static void signal(List<Long> pids, byte[] entry, boolean force) {
    for (long pid : pids) {
      if (carries(pid, entry)) { // read again right before the signal: never a recycled pid
        ProcessHandle.of(pid).ifPresent(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
      }
    }
  }

  private static boolean carries(long pid, byte[] entry) {
    if (ProcStat.read(pid).map(ProcStat::isZombie).orElse(true)) {
      return false;
    }
    byte[] env;
    try {
      env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException e) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
