package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.fs.GroupForce;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.task.TaskDefinition;
import dev.taskrunner.core.task.InvalidTaskException;
import dev.taskrunner.core.task.TaskDefinitions;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task service of one node on one work root. Accepting a task (validate, persist) runs on the
 * caller's thread; every state change runs on one {@link Scheduler} thread, so transitions need no
 * locks and reads are lock-free snapshots.
 */
public final class LocalTaskService implements TaskService {
  private static final Logger LOG = LoggerFactory.getLogger(LocalTaskService.class);
  /** How long a submission waits for its launch before answering with the state it has. */
  private static final long LAUNCH_WAIT_SECONDS = 5;
  private final NodeConfig config;
  private final Clock clock;
  private final TaskIds ids;
  private final Map<String, TaskRecord> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, TaskRecord> bySeq = new ConcurrentSkipListMap<>();
  private final AtomicLong nextSeq = new AtomicLong(1);
  private final SubmissionOrder order = new SubmissionOrder();
  private final Lifecycle lifecycle;
  private final Scheduler scheduler;
  private final TaskEvents events;
  private final Forgetter forgetter;
  private final FinishedIndex index;
  /** The work root's force after a submission's rename, shared by the submissions at the same time. */
  private final GroupForce rootForce;
  private volatile boolean open;
  private volatile Checked lastHealth;

  public LocalTaskService(NodeConfig config, Environment environment, Clock clock) {
    this(config, environment, clock, TaskEvents.NONE);
  }

  public LocalTaskService(NodeConfig config, Environment environment, Clock clock, TaskEvents events) {
    this.config = config;
    this.clock = clock;
    this.events = events;
    this.ids = new TaskIds(clock);
    this.forgetter = new Forgetter(config);
    this.index = new FinishedIndex(new WorkRoot(config.workRoot()));
    this.rootForce = new GroupForce(config.workRoot());
    this.lifecycle = new Lifecycle(config, environment, clock);
    this.scheduler = new Scheduler(config, lifecycle, clock, events, byId::get);
  }

  @Override
  public void start() {
    try {
      WorkRootSetup.prepare(config);
      TaskDirectory.clearIncoming(config.workRoot());
    } catch (IOException e) {
      throw new NodeUnavailableException("cannot prepare the work root " + config.workRoot() + ": " + e.getMessage(), e);
    }
    long scanStart = System.nanoTime();
    List<TaskRecord> recovered = new Recovery(config, lifecycle, clock, index.load()).scan();
    long scanMillis = (System.nanoTime() - scanStart) / 1_000_000;
    for (TaskRecord record : recovered) {
      record.events = events;
      byId.put(record.id, record);
      bySeq.put(record.seq(), record);
      record.persisted.complete(null);
      nextSeq.accumulateAndGet(record.seq() + 1, Math::max);
    }
    try {
      scheduler.environment().start();
    } catch (IOException e) {
      LOG.warn("the runner environment could not start its work ahead of demand; runners start on demand", e);
    }
    // At once (before the scheduler owns the records): a node killed soon after a start that read
    // every directory keeps that work.
    index.refresh(recovered);
    scheduler.start(recovered);
    scheduler.every(config.retention().sweepEvery(), this::applyRetention);
    scheduler.every(FinishedIndex.REFRESH_EVERY, () -> index.refresh(bySeq.values()));
    open = true;
    LOG.info("recovered {} tasks from {} in {} ms: {}", recovered.size(), config.workRoot(), scanMillis, byState(recovered));
  }

  /** "3 running, 1 lost (...)": what a restart found, lost tasks with their reasons, for the log. */
  private static String byState(List<TaskRecord> records) {
    Map<TaskState, Long> counts = new java.util.EnumMap<>(TaskState.class);
    records.forEach(r -> counts.merge(r.state, 1L, Long::sum));
    StringBuilder text = new StringBuilder();
    counts.forEach((state, n) -> text.append(text.length() == 0 ? "" : ", ").append(n).append(' ').append(state.json()));
    records.stream().filter(r -> r.state == TaskState.LOST).limit(20)
        .forEach(r -> text.append("; lost ").append(r.id).append(": ").append(r.reason));
    return text.length() == 0 ? "none" : text.toString();
  }

  @Override
  public Submission submit(byte[] definitionJson) {
    if (!open) {
      throw new NodeUnavailableException("the node is not accepting tasks (starting or shutting down)", null);
    }
    TaskDefinition definition = TaskDefinitions.parse(definitionJson);
    NodeHealth health = health();
    if (!health.ok()) {
      throw new NodeUnavailableException("the node cannot accept tasks: " + health.detail(), null);
    }
    if (definition.id() != null) {
      TaskRecord existing = byId.get(definition.id());
      if (existing != null) {
        return repeat(existing, definition);
      }
      return create(definition, true);
    }
    while (true) {
      try {
        return create(definition.withId(ids.next()), false);
      } catch (IdTakenException e) {
        // another task got this id in the same millisecond; take the next
      }
    }
  }

  private Submission repeat(TaskRecord existing, TaskDefinition definition) {
    awaitPersisted(existing);
    if (existing.summary == null || !sameWork(existing, definition)) {
      throw new TaskConflictException(definition.id(), "the id is taken by a task with another definition");
    }
    return new Submission(existing.view(), false);
  }

  private Submission create(TaskDefinition definition, boolean clientId) {
    checkDependencies(definition);
    long seq;
    long place;
    synchronized (order) {
      seq = nextSeq.getAndIncrement();
      place = order.take();
    }
    try {
      return create(definition, clientId, seq, place);
    } finally {
      order.release(place); // a submission that made no task lets the next through (no-op once through)
    }
  }

  private Submission create(TaskDefinition definition, boolean clientId, long seq, long place) {
    TaskDirectory dir = new TaskDirectory(config.workRoot().resolve(definition.id()));
    NodeMarks marks = new NodeMarks(seq, clock.instant(), null, null).withSummary(definition.summary());
    TaskRecord record = new TaskRecord(definition.id(), dir, definition.summary(), marks, TaskState.QUEUED);
    record.outputUnborn = true;
    record.publish(clock, config.maxOutputBytes());
    record.events = events;
    TaskRecord raced = byId.putIfAbsent(definition.id(), record);
    if (raced != null) {
      if (clientId) {
        return repeat(raced, definition); // the same id submitted twice at once
      }
      throw new IdTakenException();
    }
    try {
      dir.create(definition, marks, config.taskUser() != null, rootForce);
    } catch (FileAlreadyExistsException e) {
      byId.remove(definition.id(), record);
      throw new TaskConflictException(definition.id(), "a task directory with this id exists but is not a known task");
    } catch (IOException | RuntimeException e) {
      byId.remove(definition.id(), record);
      record.persisted.completeExceptionally(e);
      throw new NodeUnavailableException("cannot store the task: " + e.getMessage(), e);
    }
    bySeq.put(seq, record);
    record.persisted.complete(null);
    events.accepted(record.view());
    // Launched before the answer when a slot is free and no launch is ahead of it (a warm hand-off
    // takes about a millisecond): the answer then says running, with the pid. Otherwise it is
    // answered queued at once, not after the launches ahead of it: in a burst only the first
    // waits. Submissions are handed over one at a time, in seq order, so the check and the
    // hand-over are one step; one whose turn has not come is handed over later by the submission
    // ahead of it, and answered queued now.
    AtomicReference<CompletableFuture<Void>> launch = new AtomicReference<>();
    boolean handedHere = order.inTurn(place, () -> {
      boolean atOnce = scheduler.launchesAtOnce();
      CompletableFuture<Void> pass = scheduler.enqueue(record);
      if (atOnce) {
        launch.set(pass);
      }
    });
    try {
      if (handedHere && launch.get() != null) {
        launch.get().get(LAUNCH_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      // still launching: the answer says queued, and the task goes on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Submission(record.view(), true);
  }

  /**
   * A task may run only after tasks this node knows: so a cycle cannot be made (a new task can
   * name only tasks that exist before it), and a typo is a 400 rather than a task that never starts.
   */
  private void checkDependencies(TaskDefinition definition) {
    for (int i = 0; i < definition.after().size(); i++) {
      String id = definition.after().get(i);
      TaskRecord dependency = byId.get(id);
      if (dependency == null || !dependency.persisted.isDone()) {
        throw new InvalidTaskException("after[" + i + "]", "unknown task '" + id + "'; a task runs only after tasks this node knows");
      }
    }
  }

  /** Compared with the definition on disk: the node keeps only a summary in memory. */
  private static boolean sameWork(TaskRecord existing, TaskDefinition definition) {
    try {
      return TaskDefinitions.parseAccepted(existing.dir.readTask()).sameWorkAs(definition);
    } catch (IOException | RuntimeException e) {
      return false; // unreadable now: not provably the same task
    }
  }

  private static void awaitPersisted(TaskRecord record) {
    try {
      record.persisted.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new NodeUnavailableException("task " + record.id + ": could not be stored", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeUnavailableException("interrupted", e);
    }
  }

  @Override
  public List<TaskView> list(TaskState state, int offset, int limit) {
    return views(state).skip(offset).limit(limit).toList();
  }

  @Override
  public int count(TaskState state) {
    return (int) views(state).count();
  }

  private Stream<TaskView> views(TaskState state) {
    Stream<TaskView> all = bySeq.values().stream().map(TaskRecord::view);
    return state == null ? all : all.filter(v -> v.state() == state);
  }

  @Override
  public TaskView get(String taskId) {
    return find(taskId).view();
  }

  @Override
  public TaskView stop(String taskId, Duration wait) {
    TaskRecord record = find(taskId);
    scheduler.requestStop(record);
    try {
      record.finished.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // still stopping: the answer says so
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return record.view();
  }

  @Override
  public void delete(String taskId) {
    TaskRecord record = find(taskId);
    if (!record.view().state().isFinal()) {
      throw new TaskConflictException(taskId, "the task is " + record.view().state().json() + "; stop it before deleting it");
    }
    forget(record);
  }

  /**
   * The directory goes first, then the task from memory: until the directory is gone the id stays
   * taken, so a new task with the same id never meets the old directory half removed, and a
   * directory that cannot be disposed of leaves the task known rather than forgotten in memory
   * only (to reappear at the next start).
   */
  private void forget(TaskRecord record) {
    if (!record.forgetting.compareAndSet(false, true)) {
      return; // a DELETE and a retention pass at once: the other one does it
    }
    try {
      forgetter.forget(record.dir.path(), clock.instant());
    } catch (RuntimeException e) {
      record.forgetting.set(false);
      throw e;
    }
    byId.remove(record.id, record);
    bySeq.remove(record.seq(), record);
    events.deleted(record.id);
    scheduler.admitLater(); // a task that waited for this one decides now
  }

  /**
   * Forgets final tasks past the retention age, then the oldest final tasks past the retention
   * count, then archived directories past the age; never a task a queued one runs after. Runs on
   * the scheduler thread.
   */
  void applyRetention() {
    Retention retention = config.retention();
    Instant cutoff = clock.instant().minus(retention.maxAge());
    // A finished task a queued one runs after is kept until that one has started or ended: forgetting
    // it would turn a success into "was deleted".
    // From every task not yet launched, not the scheduler's queue: a submission that has checked
    // its dependencies is known here before the scheduler has queued it.
    java.util.Set<String> awaited = new java.util.HashSet<>();
    byId.values().forEach(r -> {
      if (r.state == TaskState.QUEUED) {
        awaited.addAll(r.claim.after());
      }
    });
    List<TaskRecord> finals = bySeq.values().stream()
        .filter(r -> r.view().state().isFinal() && !awaited.contains(r.id))
        .sorted(Comparator.comparing(LocalTaskService::endedAt))
        .toList();
    int over = Math.max(0, finals.size() - retention.maxTasks());
    int forgotten = 0;
    for (int i = 0; i < finals.size(); i++) {
      TaskRecord r = finals.get(i);
      if (i < over || endedAt(r).isBefore(cutoff)) {
        try {
          forget(r);
          forgotten++;
        } catch (RuntimeException e) {
          LOG.warn("task {}: cannot dispose of its directory; will try again", r.id, e);
        }
      }
    }
    int archived = forgetter.pruneArchive(cutoff);
    if (forgotten > 0 || archived > 0) {
      LOG.info("retention: forgot {} finished tasks, removed {} archived directories", forgotten, archived);
    }
  }

  /** When a final task ended: its finish time, else when it was accepted. */
  private static Instant endedAt(TaskRecord r) {
    TaskView v = r.view();
    return v.finishedAt() != null ? v.finishedAt() : v.acceptedAt() != null ? v.acceptedAt() : Instant.EPOCH;
  }

  @Override
  public NodeHealth health() {
    // Checked at most once a second: submissions ask on every request.
    Checked last = lastHealth;
    long now = System.nanoTime();
    if (last != null && now - last.atNanos < 1_000_000_000L) {
      return last.health;
    }
    NodeHealth health = checkHealth();
    lastHealth = new Checked(health, now);
    return health;
  }

  private record Checked(NodeHealth health, long atNanos) {}

  private NodeHealth checkHealth() {
    Path root = config.workRoot();
    // access(2), not a probe file: request threads check concurrently and must not race on one.
    if (!Files.isDirectory(root) || !Files.isWritable(root)) {
      return new NodeHealth(false, "the work root " + root + " is not a writable directory", 0);
    }
    // statvfs(2) alone; Files.getFileStore would read /proc/mounts as well (0 also when it fails)
    long free = root.toFile().getUsableSpace();
    if (free < config.minFreeDiskBytes()) {
      return new NodeHealth(false, "only " + free + " bytes free on the work root, below minFreeDiskBytes "
          + config.minFreeDiskBytes(), free);
    }
    return new NodeHealth(true, "ok", free);
  }

  @Override
  public OutputChunk readOutput(String taskId, long offset, int maxBytes) {
    TaskRecord record = find(taskId);
    boolean finalBefore = record.view().state().isFinal(); // read before the bytes: no output follows a final state
    byte[] bytes = record.dir.readOutput(offset, maxBytes);
    boolean complete = finalBefore && bytes.length < maxBytes;
    return new OutputChunk(bytes, offset + bytes.length, complete);
  }

  private TaskRecord find(String taskId) {
    TaskRecord record = taskId == null ? null : byId.get(taskId);
    if (record == null || !record.persisted.isDone()) {
      throw new TaskNotFoundException(taskId);
    }
    return record;
  }

  @Override
  public void close() {
    open = false;
    scheduler.close();
    scheduler.environment().close();
    index.close();
  }

  /** Another task took a generated id first. */
  private static final class IdTakenException extends RuntimeException {
    IdTakenException() {
      super(null, null, false, false);
    }
  }
}
