package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.service.Verdicts.Verdict;
import dev.taskrunner.core.service.admission.Admission;
import dev.taskrunner.core.service.admission.Decision;
import dev.taskrunner.core.service.admission.Holder;
import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes task state: launches queued tasks within the concurrency limit
 * (first in, first out, as {@link Admission} allows: resources and dependencies), watches active
 * ones — each check a {@link Verdicts} decision on facts gathered by {@link Lifecycle} — stops them, and records how they ended. Runs on a single thread,
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
  private final TaskQueue queue = new TaskQueue();
  /** The backlog last told to the environment. */
  private int toldBacklog;
  private static final long MAX_LAUNCH_BACKOFF_MILLIS = 30_000;
  /** Set while launching pauses after a runner could not be started. */
  private boolean launchPaused;
  private long launchBackoffMillis;
  private final Set<TaskRecord> active = new LinkedHashSet<>();
  /** The node's tasks by id, for the dependencies of queued ones. */
  private final Function<String, TaskRecord> tasks;
  /** Set during an admission pass; an ending inside it asks for another pass rather than nesting one. */
  private boolean admitting;
  private boolean admitAgain;
  /**
   * Whether a task enqueued now would find a slot, as of the last pass; read by other threads, so
   * a submission waits for its launch only when there is one to wait for (a burst's queued tasks
   * are answered at once, not after the launches ahead of them).
   */
  private volatile boolean vacancy = true;
  /** Enqueued tasks whose pass has not run yet: a task behind them would wait for their launches too. */
  private final AtomicInteger pendingPasses = new AtomicInteger();

  Scheduler(NodeConfig config, Lifecycle lifecycle, Clock clock, TaskEvents events, Function<String, TaskRecord> tasks) {
    this.config = config;
    this.tasks = tasks;
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
    pendingPasses.incrementAndGet();
    passed.whenComplete((x, e) -> pendingPasses.decrementAndGet());
    run(() -> {
      try {
        if (!notQueued(record)) { // not if stopped meanwhile: a hand-over may come after its answer, so after a stop
          queue.add(record);
        }
        launchQueued();
      } finally {
        passed.complete(null);
      }
    });
    return passed;
  }

  /**
   * Whether a task enqueued now would be launched at once: a slot was free at the last pass and no
   * task enqueued before it still waits for its pass (whose launch, perhaps a cold JVM, would come
   * first). A hint, never a promise.
   */
  boolean launchesAtOnce() {
    return vacancy && pendingPasses.get() == 0;
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
    if (queue.anyWaits()) {
      launchQueued(); // what a waiting task saw may have changed without an event (a cancel that could not be recorded)
    }
    for (TaskRecord r : List.copyOf(active)) {
      try {
        refresh(r);
      } catch (Throwable e) {
        Loops.survive(e, "task " + r.id + ": cannot check it; will keep trying");
      }
    }
  }

  /**
   * Starts what {@link Admission} lets start now — first in first out, within the free slots, each
   * task only once it can take all its resources and its dependencies are satisfied — cancels the
   * tasks whose dependency failed, and shows the others what they wait for. When no runner can be
   * started (fork fails, the disk refuses the launch mark) the task stays queued in its place and
   * launching pauses, for a second that doubles up to 30 s while it keeps failing.
   */
  private void launchQueued() {
    if (admitting) {
      admitAgain = true; // an ending inside a pass: the pass runs once more when this one is done
      return;
    }
    admitting = true;
    try {
      do {
        admitAgain = false;
        admit();
      } while (admitAgain);
    } finally {
      admitting = false;
    }
    updateVacancy();
    tellBacklog();
  }

  private void admit() {
    int free = launchPaused ? 0 : Math.max(0, config.maxRunningTasks() - active.size());
    if (!queue.anyWaits()) {
      launchAll(queue.head(free, Scheduler::notQueued)); // plain first in first out: only the head is looked at
      return;
    }
    queue.removeIf(Scheduler::notQueued);
    List<Holder> holders = active.stream().filter(TaskRecord::holdsResources)
        .map(r -> new Holder(r.id, r.claim.resources())).toList();
    Map<String, Decision> decisions = Admission.decide(() -> queue.stream().map(r -> r.claim).iterator(), holders,
        (waiting, id) -> DependencyStates.of(tasks.apply(id), tasks.apply(waiting.taskId())), free);
    List<TaskRecord> starts = new ArrayList<>();
    List<TaskRecord> cancels = new ArrayList<>();
    for (TaskRecord r : queue) {
      Decision d = decisions.get(r.id);
      String waiting = d != null && d.kind() == Decision.Kind.WAIT ? d.reason() : null;
      if (!Objects.equals(waiting, r.waitingFor)) {
        r.waitingFor = waiting;
        r.publish(clock, config.maxOutputBytes());
      }
      if (d != null && d.kind() == Decision.Kind.START) {
        starts.add(r);
      } else if (d != null && d.kind() == Decision.Kind.CANCEL) {
        cancels.add(r);
      }
    }
    launchAll(starts);
    for (TaskRecord r : cancels) {
      cancelUnstarted(r, decisions.get(r.id).reason());
    }
  }

  private static boolean notQueued(TaskRecord r) {
    return r.state != TaskState.QUEUED || r.marks.stopRequestedAt() != null;
  }

  /** Launches {@code starts} in order; on the first that cannot be, launching pauses and the rest stay queued. */
  private void launchAll(List<TaskRecord> starts) {
    for (TaskRecord r : starts) {
      if (!launch(r)) {
        pauseLaunches();
        return;
      }
      queue.remove(r);
      launchBackoffMillis = 0;
    }
  }

  /**
   * Ends a queued task that will never run, as a stop before its start would, with the reason: the
   * stop mark first (durable: a restart finds it canceled, not queued), then its canceled status.
   */
  private void cancelUnstarted(TaskRecord r, String reason) {
    try {
      r.dir.writeMarks(r.marks.stopRequested(clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("task {}: cannot record its cancel ({}); it stays queued and is decided again", r.id, reason, e);
      return;
    }
    r.marks = r.marks.stopRequested(clock.instant());
    queue.remove(r);
    r.waitingFor = null;
    active.add(r); // watched until its ending is recorded, which a full disk may delay
    Verdict v = new Verdict(TaskState.EXITED, reason, Verdicts.Ending.CANCELED_BY_NODE);
    if (lifecycle.record(r, v)) {
      r.reason = reason;
      end(r, TaskState.EXITED);
    } else {
      refresh(r);
    }
  }

  /** Looks at the queue again (a dependency was deleted, say). */
  void admitLater() {
    run(this::launchQueued);
  }

  private void updateVacancy() {
    vacancy = !launchPaused && active.size() + queue.size() < config.maxRunningTasks();
  }

  private void pauseLaunches() {
    launchPaused = true;
    launchBackoffMillis = Math.min(MAX_LAUNCH_BACKOFF_MILLIS, Math.max(1000, launchBackoffMillis * 2));
    try {
      thread.schedule(() -> {
        launchPaused = false;
        launchQueued();
      }, launchBackoffMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private void tellBacklog() {
    if (queue.size() != toldBacklog) {
      toldBacklog = queue.size();
      environment.backlog(toldBacklog);
    }
  }

  /** Launches {@code r}; false when no runner was started (the task stays queued, its reason says why). */
  private boolean launch(TaskRecord r) {
    NodeMarks before = r.marks;
    r.outputUnborn = false; // a runner may write output.log from now on
    try {
      // Marked, durably, before the launch: a node that dies right after it never launches the task again.
      r.dir.writeMarks(before.launched(clock.instant()), true);
      r.marks = before.launched(clock.instant());
    } catch (RuntimeException e) {
      return notLaunched(r, "cannot record the launch: " + e.getMessage());
    }
    try {
      r.runner = environment.launch(r.dir.path());
    } catch (IOException | RuntimeException e) {
      LOG.warn("task {}: cannot start its runner; it stays queued", r.id, e);
      try {
        r.dir.writeMarks(before, true); // no runner exists: the task was never launched
        r.marks = before;
        return notLaunched(r, "cannot start a runner: " + e.getMessage());
      } catch (RuntimeException undo) {
        // The launch mark stands: the task is watched as launched and, no runner showing up, lost.
      }
    }
    if (r.runner != null) {
      // Who the runner is, as the kernel says, in the node's own record: the only pid it will signal.
      r.marks = r.marks.withRunner(r.runner.identity());
      try {
        r.dir.writeMarks(r.marks, false);
      } catch (RuntimeException e) {
        LOG.warn("task {}: cannot record its runner's identity; a restart finds the runner by its lock", r.id, e);
      }
    }
    FaultInjection.afterLaunch();
    r.reason = null;
    r.moveTo(TaskState.RUNNING);
    active.add(r);
    r.publish(clock, config.maxOutputBytes());
    if (r.runner != null) {
      r.runner.onExit().whenComplete((ignored, error) -> run(() -> refresh(r)));
    }
    return true;
  }

  private boolean notLaunched(TaskRecord r, String why) {
    r.reason = why + "; trying again";
    r.publish(clock, config.maxOutputBytes());
    return false;
  }

  private void stop(TaskRecord r) {
    if (r.state.isFinal()) {
      return;
    }
    if (r.marks.stopRequestedAt() == null) {
      // Written first: a stop only the memory knew would drop a queued task from admission for
      // good (it would show queued forever here, and run after a restart). On failure (logged)
      // the task goes on as it was, and the stop can be asked again.
      NodeMarks stopped = r.marks.stopRequested(clock.instant());
      r.dir.writeMarks(stopped);
      r.marks = stopped;
    }
    if (r.state == TaskState.QUEUED) {
      queue.remove(r);
      tellBacklog();
      active.add(r); // watched until its ending is recorded, which a full disk may delay
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
    if (v.ending() == Verdicts.Ending.RELAUNCH) {
      if (lifecycle.record(r, v)) {
        requeue(r, v.reason());
      }
      return;
    }
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

  /** A launch no runner took, taken back: the task goes first in the queue, launched again in its turn. */
  private void requeue(TaskRecord r, String reason) {
    LOG.warn("task {}: {}", r.id, reason);
    r.runner = null;
    active.remove(r);
    r.reason = reason;
    r.moveTo(TaskState.QUEUED);
    queue.addFirst(r);
    r.publish(clock, config.maxOutputBytes());
    launchQueued();
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
    updateVacancy(); // before the ending shows: a submission that follows it finds the slot free
    r.publish(clock, config.maxOutputBytes());
    TaskStatus s = r.status;
    events.finished(r.view(), s != null && s.startedAt() != null && s.finishedAt() != null
        ? Duration.between(s.startedAt(), s.finishedAt()) : null);
    launchQueued();
  }
}
