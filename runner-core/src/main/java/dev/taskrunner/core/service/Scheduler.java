package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.service.Verdicts.Verdict;
import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes task state: launches queued tasks within the concurrency limit
 * (first in, first out), watches active ones — each check a {@link Verdicts} decision on facts
 * gathered by {@link Lifecycle} — stops them, and records how they ended. Runs on a single thread,
 * so its fields need no lock.
 */
final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private final NodeConfig config;
  private final Environment environment;
  private final Lifecycle lifecycle;
  private final Clock clock;
  private final TaskEvents events;
  private final ScheduledExecutorService thread;
  private final ArrayDeque<TaskRecord> queue = new ArrayDeque<>();
  /** The backlog last told to the environment. */
  private int toldBacklog;
  private final Set<TaskRecord> active = new LinkedHashSet<>();

  Scheduler(NodeConfig config, Lifecycle lifecycle, Clock clock, TaskEvents events) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.environment = lifecycle.environment();
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

  /** Queues a task and launches what fits; the future completes once that pass is done. */
  CompletableFuture<Void> enqueue(TaskRecord record) {
    CompletableFuture<Void> passed = new CompletableFuture<>();
    run(() -> {
      try {
        queue.add(record);
        launchQueued();
      } finally {
        passed.complete(null);
      }
    });
    return passed;
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
      } catch (Throwable e) {
        Loops.survive(e, "periodic work failed; will keep running");
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
        } catch (Throwable e) {
          Loops.survive(e, "task scheduling failed; will keep running");
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
      } catch (Throwable e) {
        Loops.survive(e, "task " + r.id + ": cannot check it; will keep trying");
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
      // Who the runner is, as the kernel says, in the node's own record: the only pid it will signal.
      r.marks = r.marks.withRunner(r.runner.identity());
      r.dir.writeMarks(r.marks);
      FaultInjection.afterLaunch();
      r.moveTo(TaskState.RUNNING);
      active.add(r);
      r.publish(clock, config.maxOutputBytes());
      r.runner.onExit().whenComplete((ignored, error) -> run(() -> refresh(r)));
    } catch (IOException | RuntimeException e) {
      LOG.warn("task {}: cannot start its runner", r.id, e);
      r.reason = "cannot start the runner: " + e.getMessage();
      end(r, TaskState.LOST); // there may be no runner, or one the node could not record: never started again
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
    }
    refresh(r);
  }

  private void signalStop(TaskRecord r) {
    if (r.marks.stopRequestedAt() != null && !r.stopSignalled && r.runner != null) {
      environment.stop(r.runner, r.id, config.stopGrace());
      r.stopSignalled = true;
    }
  }

  /**
   * Brings a task's state up to date with the facts ({@link Lifecycle#check}), through the
   * transition table; records an ending the verdict asks for, or looks again next tick if it cannot.
   */
  private void refresh(TaskRecord r) {
    if (r.state.isFinal() || (r.state == TaskState.QUEUED && r.marks.stopRequestedAt() == null)) {
      return;
    }
    Verdict v = lifecycle.check(r, true);
    if (v.state().isFinal()) {
      if (lifecycle.record(r, v)) {
        r.reason = v.reason();
        end(r, v.state());
      }
      return;
    }
    r.reason = v.reason();
    r.moveTo(v.state());
    reportStart(r);
    signalStop(r);
    r.publish(clock, config.maxOutputBytes());
  }

  /** Reports a runner's first status once, with the time from acceptance to that write. */
  private void reportStart(TaskRecord r) {
    if (!r.startReported && r.status != null && r.status.startedAt() != null) {
      r.startReported = true;
      r.publish(clock, config.maxOutputBytes());
      events.started(r.view(), Duration.between(r.marks.acceptedAt(), r.status.startedAt()));
    }
  }

  private void end(TaskRecord r, TaskState state) {
    reportStart(r);
    r.moveTo(state);
    r.runner = null;
    active.remove(r);
    queue.remove(r);
    r.publish(clock, config.maxOutputBytes());
    TaskStatus s = r.status;
    events.finished(r.view(), s != null && s.startedAt() != null && s.finishedAt() != null
        ? Duration.between(s.startedAt(), s.finishedAt()) : null);
    launchQueued();
  }
}
