package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.machine.Machines;
import dev.taskrunner.core.process.FileLocks;
import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.runner.RunnerLock;
import dev.taskrunner.core.service.Verdicts.Ending;
import dev.taskrunner.core.service.Verdicts.Facts;
import dev.taskrunner.core.service.Verdicts.Runner;
import dev.taskrunner.core.service.Verdicts.Verdict;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The I/O around {@link Verdicts}, shared by recovery and the live monitor: gathers a task's facts
 * — the kernel's word on its runner first, then the node's record, then the task's files — and
 * records the endings a verdict asks for. Where the runner is gone, it first takes what is left of
 * the task (every process carrying its cookie), so a task is never reported ended while a process
 * of it still runs.
 */
final class Lifecycle {
  private final NodeConfig config;
  private final Environment environment;
  private final Clock clock;
  /** Computed once: {@link Duration#multipliedBy} goes through BigDecimal, and a restart decides thousands of tasks. */
  private final Duration stallThreshold;

  Lifecycle(NodeConfig config, Environment environment, Clock clock) {
    this.config = config;
    this.environment = environment;
    this.clock = clock;
    this.stallThreshold = config.stallThreshold();
  }

  Environment environment() {
    return environment;
  }

  /**
   * The task's verdict now; updates the record's runner handle, identity and last status on the
   * way. With {@code sweepEnded}, what is left of a task whose runner ended with its final status is
   * taken too (the runner takes it itself first; the live monitor makes sure, while recovery, reading
   * thousands of long-finished tasks, does not scan for each).
   */
  Verdict check(TaskRecord r, boolean sweepEnded) {
    boolean present = r.dir.files().present();
    String lostMark = present ? r.dir.readLost() : null;
    if (lostMark != null) {
      // Final, written by the node after it took what was left of the task: nothing to look at.
      return decide(r, new Facts(true, lostMark, r.marks.launchedAt(), r.marks.stopRequestedAt(), Runner.GONE, null,
          new StatusRead.Missing()));
    }
    Runner runner = Runner.NOT_SEEN;
    String detail = null;
    if (r.marks.launchedAt() != null) {
      String why = verifyRunner(r);
      runner = r.runner != null ? Runner.ALIVE : why != null ? Runner.GONE : Runner.NOT_SEEN;
      detail = why;
    }
    StatusRead status = present ? r.dir.status().read() : new StatusRead.Missing();
    if (status instanceof StatusRead.Present p) {
      r.status = p.status();
    }
    if (!present && r.runner != null) {
      environment.stop(r.runner, r.id, Duration.ZERO); // nothing of a task outlives its directory
    } else if (runner == Runner.GONE && r.marks.runner() != null && (sweepEnded || r.status == null || !r.status.finished())
        && mayLeaveProcesses(r) && !lockHeld(r)) {
      // A runner that died without its ending could not stop its task's processes; the node does.
      // Not while a process holds the task's lock: that is a runner, whatever the check said.
      environment.killLeftovers(r.marks.runner(), r.id);
    }
    return decide(r, new Facts(present, null, r.marks.launchedAt(), r.marks.stopRequestedAt(), runner, detail, status));
  }

  /**
   * The verdict {@link #check} would reach on a task the node held final, from the bytes of its
   * files as the {@link FinishedIndex} kept them, without asking the kernel: its runner was seen gone
   * when the task ended (or none was ever recorded, and none holds the lock of a task that ended),
   * and a process identity (pid, start time, boot) never comes back. Sets the record's status as
   * {@link #check} does.
   */
  Verdict settled(TaskRecord r, String lostMark, StatusRead status) {
    if (lostMark != null) {
      return decide(r, new Facts(true, lostMark, r.marks.launchedAt(), r.marks.stopRequestedAt(), Runner.GONE, null,
          new StatusRead.Missing()));
    }
    if (status instanceof StatusRead.Present p) {
      r.status = p.status();
    }
    Runner runner = r.marks.launchedAt() != null && r.marks.runner() != null ? Runner.GONE : Runner.NOT_SEEN;
    return decide(r, new Facts(true, null, r.marks.launchedAt(), r.marks.stopRequestedAt(), runner, null, status));
  }

  private Verdict decide(TaskRecord r, Facts facts) {
    return Verdicts.decide(facts, clock.instant(), stallThreshold, config.startupTimeout());
  }

  /**
   * Whether the task's machine may have started processes beside its runner. An echo task runs
   * inside its runner, so once the kernel says the runner is gone nothing of the task is left, and
   * the scan of every process on the host (two, a few ms apart: ~15 us a process) is spared at each
   * ending.
   */
  private static boolean mayLeaveProcesses(TaskRecord r) {
    return r.summary == null || !Machines.runsInsideRunner(r.summary.machine());
  }

  private static boolean lockHeld(TaskRecord r) {
    return FileLocks.holder(r.dir.files().lock()).isPresent();
  }

  /**
   * Finds the runner the kernel confirms for this task and keeps it in {@code r.runner} (null when
   * there is none); returns why the recorded one is not alive, or null when there is no record.
   */
  private String verifyRunner(TaskRecord r) {
    if (r.runner != null) {
      String why = r.runner.check();
      if (why == null) {
        return null;
      }
      r.runner = null;
      return why;
    }
    RunnerRecord recorded = r.marks.runner();
    if (recorded != null) {
      Optional<RunnerHandle> attached = environment.attach(recorded, r.dir.path());
      r.runner = attached.orElse(null);
      return attached.isPresent() ? null : environment.gone(recorded, r.dir.path());
    }
    // Launched, but the node died before it recorded who: the runner holding the lock is the one.
    Optional<RunnerHandle> found = environment.find(r.dir.path());
    if (found.isPresent()) {
      r.runner = found.get();
      r.marks = r.marks.withRunner(r.runner.identity());
      r.dir.writeMarks(r.marks);
    }
    return null;
  }

  /**
   * Records what {@code v} ends the task with. Returns false when it cannot yet — a runner holds
   * the directory after all — and the task must be looked at again.
   */
  boolean record(TaskRecord r, Verdict v) {
    if (v.ending() == Ending.NONE || v.ending() == Ending.RUNNER_STATUS) {
      return true;
    }
    Instant now = clock.instant();
    if (!r.dir.files().present()) {
      try {
        r.dir.recreateAsLost(r.marks, v.reason(), now);
      } catch (IOException | RuntimeException e) {
        // Not fatal: the task is lost in this node's memory; only a restart will not list it.
      }
      return true;
    }
    // Under the directory's runner lock: no runner can start there and miss what is written.
    try (RunnerLock lock = RunnerLock.tryAcquire(r.dir.path())) {
      if (lock == null) {
        return false;
      }
      StatusRead status = r.dir.status().read();
      if (status instanceof StatusRead.Present p && p.status().finished()) {
        r.status = p.status(); // the runner's own ending landed meanwhile: it wins, decided next time
        return false;
      }
      if (v.ending() == Ending.RELAUNCH) {
        if (!(status instanceof StatusRead.Missing)) {
          return false; // a runner started after all: decided again from its status
        }
        NodeMarks unlaunched = r.marks.unlaunched();
        r.dir.writeMarks(unlaunched, true);
        r.marks = unlaunched;
      } else if (v.ending() == Ending.LOST) {
        r.dir.writeLost(v.reason(), now);
      } else {
        TaskStatus end = r.status != null ? r.status.finish(now, null, Outcome.CANCELED, v.reason())
            : new TaskStatus(TaskStatus.CURRENT_VERSION, r.id, 0, null, null, null, now, now, null, Outcome.CANCELED,
                v.reason(), null);
        r.dir.status().write(end, true);
        r.status = end;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // a full disk, say: the task keeps its state and is looked at again
    }
  }
}
