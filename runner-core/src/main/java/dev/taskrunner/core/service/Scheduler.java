package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.runner.RunnerLock;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes task state: launches queued tasks within the concurrency limit
 * (first in, first out), watches active ones (status file, runner liveness, stall), stops them,
 * and records how they ended. Runs on a single thread, so its fields need no lock.
 */
final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private final NodeConfig config;
  private final Environment environment;
  private final Clock clock;
  private final TaskEvents events;
  private final ScheduledExecutorService thread;
  private final ArrayDeque<TaskRecord> queue = new ArrayDeque<>();
  /** The backlog last told to the environment. */
  private int toldBacklog;
  private final Set<TaskRecord> active = new LinkedHashSet<>();

  Scheduler(NodeConfig config, Environment environment, Clock clock, TaskEvents events) {
    this.config = config;
    this.environment = environment;
    this.clock = clock;
    this.events = events;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "task-scheduler");
      t.setDaemon(true);
      return t;
    });
  }

  Environment environment() {
    return environment;
  }

  void start(List<TaskRecord> recovered) {
    run(() -> {
      for (TaskRecord r : recovered) {
        if (r.state == TaskState.QUEUED) {
          queue.add(r);
        } else if (r.isActive()) {
          active.add(r);
        }
      }
      launchQueued();
    });
    long every = config.monitorInterval().toMillis();
    thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  void enqueue(TaskRecord record) {
    run(() -> {
      queue.add(record);
      launchQueued();
    });
  }

  void requestStop(TaskRecord record) {
    run(() -> stop(record));
  }

  /** Runs {@code action} on the scheduler thread every {@code period}. */
  void every(Duration period, Runnable action) {
    long millis = period.toMillis();
    thread.scheduleWithFixedDelay(() -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("periodic work failed; will keep running", e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  void close() {
    thread.shutdownNow();
  }

  private void run(Runnable action) {
    try {
      thread.execute(() -> {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.warn("task scheduling failed; will keep running", e);
        }
      });
    } catch (RejectedExecutionException e) {
      // closing: the next start recovers the task from disk
    }
  }

  private void tick() {
    for (TaskRecord r : List.copyOf(active)) {
      try {
        refresh(r);
      } catch (RuntimeException e) {
        LOG.warn("task {}: cannot check its runner; will keep trying", r.id, e);
      }
    }
  }

  private void launchQueued() {
    while (active.size() < config.maxRunningTasks() && !queue.isEmpty()) {
      TaskRecord r = queue.poll();
      if (r.state == TaskState.QUEUED) {
        launch(r);
      }
    }
    tellBacklog();
  }

  private void tellBacklog() {
    if (queue.size() != toldBacklog) {
      toldBacklog = queue.size();
      environment.backlog(toldBacklog);
    }
  }

  private void launch(TaskRecord r) {
    try {
      // Marked before the launch: a node that dies right after it never launches the task again.
      r.marks = r.marks.launched(clock.instant());
      r.dir.writeMarks(r.marks);
      r.runner = environment.launch(r.dir.path());
      FaultInjection.afterLaunch();
      r.moveTo(TaskState.RUNNING);
      active.add(r);
      r.publish(clock, config.maxOutputBytes());
      r.runner.onExit().whenComplete((ignored, error) -> run(() -> refresh(r)));
    } catch (IOException | RuntimeException e) {
      LOG.warn("task {}: cannot start its runner", r.id, e);
      finishByNode(r, null, Outcome.ERROR, "cannot start the runner: " + e.getMessage());
    }
  }

  private void stop(TaskRecord r) {
    if (r.state.isFinal()) {
      return;
    }
    if (r.marks.stopRequestedAt() == null) {
      r.marks = r.marks.stopRequested(clock.instant());
      r.dir.writeMarks(r.marks);
    }
    if (r.state == TaskState.QUEUED) {
      queue.remove(r);
      tellBacklog();
      finishByNode(r, null, Outcome.CANCELED, null);
      return;
    }
    r.moveTo(TaskState.STOPPING);
    signalStop(r);
    r.publish(clock, config.maxOutputBytes());
  }

  private void signalStop(TaskRecord r) {
    if (r.marks.stopRequestedAt() != null && !r.stopSignalled && r.runner != null) {
      environment.stop(r.runner, config.stopGrace());
      r.stopSignalled = true;
    }
  }

  /** Brings an active task's state up to date with its status file and its runner process. */
  private void refresh(TaskRecord r) {
    if (!r.isActive()) {
      return;
    }
    StatusRead read = r.dir.status().read();
    TaskStatus status = read instanceof StatusRead.Present ? ((StatusRead.Present) read).status() : null;
    if (status != null && status.finished()) {
      exited(r, status);
      return;
    }
    if (status != null) {
      r.status = status;
      reportStart(r);
      if (r.runner == null) {
        r.runner = environment.attach(status).orElse(null);
      }
    }
    boolean alive = r.runner != null ? r.runner.isAlive() : status == null && withinStartup(r);
    if (alive) {
      if (r.state != TaskState.STOPPING) {
        r.moveTo(stalled(r, status) ? TaskState.STALLED : TaskState.RUNNING);
      }
      signalStop(r);
      r.publish(clock, config.maxOutputBytes());
      return;
    }
    // The runner is gone; its final status may have landed just before it went.
    read = r.dir.status().read();
    if (read instanceof StatusRead.Present && ((StatusRead.Present) read).status().finished()) {
      exited(r, ((StatusRead.Present) read).status());
      return;
    }
    giveUp(r, status);
  }

  private boolean withinStartup(TaskRecord r) {
    Instant launched = r.marks.launchedAt();
    return launched != null && clock.instant().isBefore(launched.plus(config.startupTimeout()));
  }

  private boolean stalled(TaskRecord r, TaskStatus status) {
    if (status == null || status.updatedAt() == null) {
      return !withinStartup(r);
    }
    return Duration.between(status.updatedAt(), clock.instant()).compareTo(config.stallThreshold()) > 0;
  }

  /**
   * Records the end of a task whose runner left no final status. Holds the directory's runner
   * lock meanwhile, so no runner can start there and miss what is written.
   */
  private void giveUp(TaskRecord r, TaskStatus last) {
    try (RunnerLock lock = RunnerLock.tryAcquire(r.dir.path())) {
      if (lock == null) {
        return; // a runner holds the directory after all; look again on the next tick
      }
      if (r.marks.stopRequestedAt() != null) {
        finishByNode(r, last, Outcome.CANCELED, "stopped by the node; the runner ended without recording it");
      } else {
        lost(r, last == null
            ? "the runner exited without writing a status (see " + "runner.out)"
            : "the runner (pid " + last.pid() + ") is gone and left no final status");
      }
    } catch (IOException e) {
      LOG.warn("task {}: cannot lock its directory; will try again", r.id, e);
    }
  }

  private void finishByNode(TaskRecord r, TaskStatus last, Outcome outcome, String reason) {
    Instant now = clock.instant();
    TaskStatus base = last != null ? last : r.status;
    TaskStatus end = base != null ? base.finish(now, null, outcome, reason)
        : new TaskStatus(TaskStatus.CURRENT_VERSION, r.id, 0, null, null, null, now, now, null, outcome, reason, null);
    r.dir.status().write(end, true);
    exited(r, end);
  }

  private void exited(TaskRecord r, TaskStatus status) {
    r.status = status;
    if (status.pid() > 0) {
      reportStart(r);
    }
    end(r, TaskState.EXITED);
  }

  /** Reports a runner's first status once, with the time from acceptance to that write. */
  private void reportStart(TaskRecord r) {
    if (!r.startReported && r.status != null && r.status.startedAt() != null) {
      r.startReported = true;
      r.publish(clock, config.maxOutputBytes());
      events.started(r.view(), Duration.between(r.marks.acceptedAt(), r.status.startedAt()));
    }
  }

  private void lost(TaskRecord r, String reason) {
    r.dir.writeLost(reason, clock.instant());
    r.reason = reason;
    end(r, TaskState.LOST);
  }

  private void end(TaskRecord r, TaskState state) {
    r.moveTo(state);
    r.runner = null;
    active.remove(r);
    r.publish(clock, config.maxOutputBytes());
    TaskStatus s = r.status;
    events.finished(r.view(), s != null && s.startedAt() != null && s.finishedAt() != null
        ? Duration.between(s.startedAt(), s.finishedAt()) : null);
    launchQueued();
  }
}
