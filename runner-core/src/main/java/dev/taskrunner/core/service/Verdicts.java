package dev.taskrunner.core.service;

import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The one decision of a task's state, from what the node knows, in order of trust: the kernel's
 * word on the runner process first, the node's own record second, the files a task could write
 * (the status file) last. Pure — no I/O, time given — so recovery and the live monitor reach the
 * same verdict from the same facts, and every rule is tested here alone.
 *
 * <ul>
 *   <li>a directory gone is {@code lost}, whatever the files said;
 *   <li>a node's lost mark is final;
 *   <li>never launched: {@code queued} (or {@code exited canceled} if a stop came first);
 *   <li>a live runner (verified by the kernel) is {@code running}, {@code stopping} or
 *       {@code stalled} — even if its status says finished: {@code exited} waits until it is gone;
 *   <li>a runner gone: its final status is believed ({@code exited}); without one, a stopped task is
 *       {@code exited canceled} by the node, and any other is {@code lost} with the reason;
 *   <li>launched, but no runner seen past the startup timeout and no status file at all: no runner
 *       ever took the task (the node died between its launch mark and the runner's start), so it is
 *       {@code queued} again. Safe: a runner takes the task's lock and refuses a directory with a
 *       status, and it writes its first status before the task's command starts.
 * </ul>
 */
final class Verdicts {
  private Verdicts() {}

  /** The kernel's word on the task's runner. */
  enum Runner {
    /** The recorded identity (pid, start, boot, command line) is a live process. */
    ALIVE,
    /** The recorded runner is gone (or its pid now names another process). */
    GONE,
    /** Launched, but no runner identity recorded and none holding the task's lock (yet). */
    NOT_SEEN
  }

  /**
   * What the node knows of one task at one instant.
   *
   * @param directoryPresent the task directory is there (a real directory, not a link)
   * @param lostMark the reason in the node's {@code lost.json}, or null
   * @param launchedAt when the node launched a runner, or null
   * @param stopRequestedAt when a stop was asked, or null
   * @param runner the kernel's word on the runner
   * @param runnerDetail why the runner is not alive, as the kernel check said (null when alive)
   * @param status the status file as read
   */
  record Facts(boolean directoryPresent, String lostMark, Instant launchedAt, Instant stopRequestedAt, Runner runner,
      String runnerDetail, StatusRead status) {}

  /** What the node must record for a verdict that ends the task. */
  enum Ending {
    /** Nothing to record: the state holds, or it was recorded before. */
    NONE,
    /** The runner's own final status is the ending. */
    RUNNER_STATUS,
    /** The node records {@code canceled} itself: a stop the runner could not record. */
    CANCELED_BY_NODE,
    /** The node records the task lost, with the reason. */
    LOST,
    /** The node takes back a launch no runner took: the task is queued again. */
    RELAUNCH
  }

  record Verdict(TaskState state, String reason, Ending ending) {
    static Verdict holds(TaskState state, String reason) {
      return new Verdict(state, reason, Ending.NONE);
    }
  }

  private static final String STOPPED_BEFORE_START = "stopped before it started";

  static Verdict decide(Facts f, Instant now, Duration stallAfter, Duration startupTimeout) {
    if (!f.directoryPresent()) {
      return new Verdict(TaskState.LOST, "the task directory was removed", Ending.LOST);
    }
    if (f.lostMark() != null) {
      return Verdict.holds(TaskState.LOST, f.lostMark());
    }
    boolean stopping = f.stopRequestedAt() != null;
    if (f.launchedAt() == null) {
      if (!stopping) {
        return Verdict.holds(TaskState.QUEUED, null);
      }
      // Once the node has recorded that ending (a restart finds it so), it holds: recording it
      // again would find a final status under the lock and wait for ever for a runner's ending.
      boolean recorded = f.status() instanceof StatusRead.Present p && p.status().finished();
      return recorded ? Verdict.holds(TaskState.EXITED, STOPPED_BEFORE_START)
          : new Verdict(TaskState.EXITED, STOPPED_BEFORE_START, Ending.CANCELED_BY_NODE);
    }
    TaskStatus status = f.status() instanceof StatusRead.Present p ? p.status() : null;
    boolean starting = now.isBefore(f.launchedAt().plus(startupTimeout));
    if (f.runner() == Runner.ALIVE || (f.runner() == Runner.NOT_SEEN && starting)) {
      return alive(f, status, now, stallAfter, starting, stopping);
    }
    if (status != null && status.finished()) {
      return new Verdict(TaskState.EXITED, null, Ending.RUNNER_STATUS);
    }
    if (f.runner() == Runner.NOT_SEEN && !stopping && f.status() instanceof StatusRead.Missing) {
      return new Verdict(TaskState.QUEUED, "no runner took the task within " + seconds(startupTimeout)
          + " of its launch; queued again", Ending.RELAUNCH);
    }
    if (stopping) {
      return new Verdict(TaskState.EXITED, "stopped by the node; the runner ended without recording it",
          Ending.CANCELED_BY_NODE);
    }
    return new Verdict(TaskState.LOST, lostReason(f, status, startupTimeout), Ending.LOST);
  }

  private static Verdict alive(Facts f, TaskStatus status, Instant now, Duration stallAfter, boolean starting,
      boolean stopping) {
    if (stopping) {
      return Verdict.holds(TaskState.STOPPING, null);
    }
    if (status != null && status.finished()) {
      return Verdict.holds(TaskState.RUNNING, null); // finishing: exited once the runner is gone
    }
    if (f.status() instanceof StatusRead.Corrupt c) {
      return Verdict.holds(TaskState.STALLED, "status.json cannot be used: " + c.reason());
    }
    if (status == null) {
      return starting ? Verdict.holds(TaskState.RUNNING, null)
          : Verdict.holds(TaskState.STALLED, "no status " + seconds(Duration.between(f.launchedAt(), now)) + " after launch");
    }
    Duration age = status.updatedAt() == null ? Duration.ZERO : Duration.between(status.updatedAt(), now);
    return age.compareTo(stallAfter) > 0 ? Verdict.holds(TaskState.STALLED, "heartbeat " + seconds(age) + " old")
        : Verdict.holds(TaskState.RUNNING, null);
  }

  private static String lostReason(Facts f, TaskStatus status, Duration startupTimeout) {
    if (f.runner() == Runner.NOT_SEEN) {
      return "no runner started within " + seconds(startupTimeout) + " of the launch";
    }
    String gone = f.runnerDetail() != null ? f.runnerDetail() : "the runner is gone";
    if (f.status() instanceof StatusRead.Corrupt c) {
      return gone + "; status.json cannot be used: " + c.reason();
    }
    return status == null ? gone + " and wrote no status (see runner.out)" : gone + " and left no final status";
  }

  private static String seconds(Duration d) {
    return Math.max(0, d.toSeconds()) + " s";
  }
}
