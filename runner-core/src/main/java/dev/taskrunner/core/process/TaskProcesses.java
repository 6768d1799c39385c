package dev.taskrunner.core.process;

import dev.taskrunner.core.machine.TaskContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and stops every process of a task by its cookie: each process the task's machine starts
 * carries {@link TaskContext#COOKIE_VARIABLE}{@code =cookie} in its environment, and so does every
 * process those start, whatever group or session they move to and whoever their parent becomes
 * (a double-forked daemon, a grandchild re-parented to PID 1, a task whose runner died).
 *
 * <p>A process is found when {@code /proc/PID/environ} holds the exact entry
 * {@code TASK_RUNNER_COOKIE=<cookie>}. Never found: the calling process itself; zombies (they have
 * ended; their parent has not reaped them yet); a process whose environment we may not read (as
 * root, every process can be read); a process that dropped the variable when it exec'd
 * ({@code env -i}) or wrote over its environment block (some daemons do to set their title).
 *
 * <p>A pid found in one scan may name another process by the time it is signalled. So before each
 * signal the process is looked up again: its start time is taken, its environment re-read, and the
 * signal goes only if the process still has the cookie and the same start time (the JDK checks
 * that right before {@code kill(2)}). A pid recycled in between is never signalled.
 *
 * <p>One scan reads one or two small files per process, about 15 us of CPU each (some 6 ms for
 * 400 processes on a loaded 2-core box); the kernel's side of those reads is most of it.
 */
public final class TaskProcesses {
  /** After SIGKILL, how long {@link #kill} keeps re-scanning for processes that are still there. */
  static final Duration KILL_WAIT = Duration.ofSeconds(5);
  /** Between a scan that found nothing and the one that confirms it. */
  private static final long CONFIRM_MILLIS = 5;

  private TaskProcesses() {}

  /**
   * The pids of the task's running processes now: one scan, a snapshot (they may end or fork
   * meanwhile, and one caught in the middle of an exec is not seen).
   */
  public static Set<Long> find(String cookie) {
    return find(new Target(cookie, null), false);
  }

  /**
   * True while at least one process of the task runs. False only when two scans a few ms apart
   * found none: a process in the middle of an exec is invisible to one scan for an instant.
   */
  public static boolean any(String cookie) {
    return !confirmed(new Target(cookie, null), true).isEmpty();
  }

  /**
   * Stops every process of the task: SIGTERM to each found, then waits (polling) until none is
   * found or {@code grace} has passed, SIGTERM-ing any new one that appears meanwhile; then
   * SIGKILL to each still found, re-scanning (a task may fork while it is killed) until none is
   * found or {@link #KILL_WAIT} more has passed. Blocks until then; an interrupt cuts the waits
   * short (one SIGKILL pass still goes) and is kept set.
   *
   * @return the pids that were signalled (empty when nothing of the task ran); the caller may
   *     ask {@link #any} whether something outlived even SIGKILL (a process stuck in the kernel)
   */
  public static Set<Long> kill(String cookie, Duration grace) {
    return kill(new Target(cookie, null), grace);
  }

  /**
   * As {@link #kill(String, Duration)}, and also every process in the group {@code leader} leads
   * (those that dropped the cookie from their environment but stayed in the group); a null
   * {@code leader} adds nothing. Once the leader has ended, its pid may be given to a new process;
   * the group is then no longer counted as the task's, as any process still in it would have kept
   * the pid from being reused.
   */
  public static Set<Long> kill(String cookie, ProcessHandle leader, Duration grace) {
    return kill(new Target(cookie, leader), grace);
  }

  private static Set<Long> kill(Target target, Duration grace) {
    Set<Long> signalled = new LinkedHashSet<>();
    long graceEnd = System.nanoTime() + grace.toNanos();
    Backoff backoff = new Backoff();
    Set<Long> found = confirmed(target, false);
    while (!found.isEmpty()) {
      for (long pid : found) {
        if (!signalled.contains(pid) && target.signal(pid, false)) {
          signalled.add(pid);
        }
      }
      if (System.nanoTime() - graceEnd >= 0 || !backoff.pause()) {
        break;
      }
      found = confirmed(target, false);
    }
    long killEnd = System.nanoTime() + KILL_WAIT.toNanos();
    backoff = new Backoff();
    while (!found.isEmpty()) {
      for (long pid : found) {
        if (target.signal(pid, true)) {
          signalled.add(pid);
        }
      }
      if (System.nanoTime() - killEnd >= 0 || !backoff.pause()) {
        break;
      }
      found = confirmed(target, false);
    }
    return signalled;
  }

  /**
   * A scan whose "none" is checked by a second one a few ms later: a process in the middle of an
   * {@code execve} shows an empty environment for an instant (the kernel sets the new one's bounds
   * late in loading the program), so one empty scan can miss it.
   */
  private static Set<Long> confirmed(Target target, boolean firstOnly) {
    Set<Long> found = find(target, firstOnly);
    if (found.isEmpty()) {
      try {
        Thread.sleep(CONFIRM_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
      found = find(target, firstOnly);
    }
    return found;
  }

  /** One pass over {@code /proc}. */
  private static Set<Long> find(Target target, boolean firstOnly) {
    long self = ProcessHandle.current().pid();
    target.startScan();
    Set<Long> found = new LinkedHashSet<>();
    for (String pid : Proc.pids()) {
      long id = Long.parseLong(pid);
      if (id != self && target.matches(pid)) {
        found.add(id);
        if (firstOnly) {
          break;
        }
      }
    }
    return found;
  }

  /** Polls often at first (most processes end at once on SIGTERM), then every 50 ms. */
  private static final class Backoff {
    private long millis = 2;

    /** False when interrupted (the flag is kept): the caller stops waiting. */
    boolean pause() {
      try {
        Thread.sleep(millis);
        millis = Math.min(50, millis * 2);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** What a task's process is: one with the cookie, or (optionally) one in the leader's group. */
  static final class Target {
    private final byte[] entry;
    private final ProcessHandle leader;
    private final Proc proc = new Proc();
    private long group; // the leader's group while it still counts as the task's, else 0

    Target(String cookie, ProcessHandle leader) {
      if (cookie == null || cookie.isEmpty()) {
        throw new IllegalArgumentException("a task's cookie must not be empty");
      }
      this.entry = Proc.entry(TaskContext.COOKIE_VARIABLE, cookie);
      this.leader = leader;
    }

    void startScan() {
      // The group is the task's while its leader's pid names the leader (or no one): a process
      // holding pid P after the leader ended means no process was left in group P.
      group = leader != null && ProcessHandle.of(leader.pid()).map(leader::equals).orElse(true) ? leader.pid() : 0;
    }

    boolean matches(String pid) {
      if (group > 0) {
        Proc.Stat stat = proc.stat(pid);
        if (stat == null || !stat.running()) {
          return false;
        }
        return stat.group() == group || proc.environHas(pid, entry);
      }
      if (!proc.environHas(pid, entry)) {
        return false;
      }
      Proc.Stat stat = proc.stat(pid);
      return stat != null && stat.running();
    }

    /**
     * Signals {@code pid} if it still is the task's: the handle pins its start time first, then
     * the process is checked again, and the JDK signals only a process with that start time.
     */
    boolean signal(long pid, boolean force) {
      ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
      if (handle == null || !matches(Long.toString(pid))) {
        return false;
      }
      return force ? handle.destroyForcibly() : handle.destroy();
    }
  }
}
