package dev.taskrunner.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskrunner.core.service.NodeHealth;
import dev.taskrunner.core.service.NodeUnavailableException;
import dev.taskrunner.core.service.OutputChunk;
import dev.taskrunner.core.service.Submission;
import dev.taskrunner.core.service.TaskConflictException;
import dev.taskrunner.core.service.TaskNotFoundException;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.task.InvalidTaskException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link TaskService} with knobs, for testing the HTTP layer alone: tasks are records
 * in a map, output is a byte buffer the test appends to, and any call can be made to fail.
 */
final class FakeTaskService implements TaskService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private int nextId = 1;
  private boolean unavailable;
  private Throwable failNext;
  volatile Duration lastStopWait;
  volatile byte[] lastSubmitted;
  final AtomicLong readOutputCalls = new AtomicLong();

  private static final class Task {
    TaskView view;
    byte[] definition;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
  }

  // ---- knobs

  synchronized FakeTaskService unavailable(boolean value) {
    unavailable = value;
    return this;
  }

  /** The next service call throws {@code e}. */
  synchronized void failNext(RuntimeException e) {
    failNext = e;
  }

  /** The next service call throws {@code e}, as a bug deep in the service would. */
  synchronized void failNext(Error e) {
    failNext = e;
  }

  /** Adds a task directly, in state {@code state}. */
  synchronized String add(String name, TaskState state) {
    String id = "t" + nextId++;
    Task task = new Task();
    task.view = view(id, state, name, null, null);
    task.definition = new byte[0];
    tasks.put(id, task);
    return id;
  }

  synchronized void appendOutput(String id, String text) {
    tasks.get(id).output.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  synchronized void finish(String id, int exitCode) {
    Task task = tasks.get(id);
    task.view = view(id, TaskState.EXITED, task.view.name(), Outcome.ofExitCode(exitCode), exitCode);
  }

  // ---- the service

  @Override
  public void start() {}

  @Override
  public synchronized Submission submit(byte[] definitionJson) {
    maybeFail();
    lastSubmitted = definitionJson;
    if (unavailable) {
      throw new NodeUnavailableException("work root not writable", null);
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(definitionJson);
    } catch (IOException e) {
      throw new InvalidTaskException("", "not a JSON document");
    }
    if (doc == null || !doc.isObject()) {
      throw new InvalidTaskException("", "must be a JSON object");
    }
    if (!doc.hasNonNull("machine")) {
      throw new InvalidTaskException("machine", "is required");
    }
    String id = doc.hasNonNull("id") ? doc.get("id").asText() : "t" + nextId++;
    Task existing = tasks.get(id);
    if (existing != null) {
      if (!Arrays.equals(existing.definition, definitionJson)) {
        throw new TaskConflictException(id, "the id is taken by a task with another definition");
      }
      return new Submission(existing.view, false);
    }
    Task task = new Task();
    task.definition = definitionJson.clone();
    task.view = new TaskView(id, TaskState.QUEUED, doc.path("name").asText(null), doc.get("machine").asText(), null,
        null, null, null, Instant.parse("2026-11-24T10:00:00Z"), null, null, null, null, null, null, 0L, false, null);
    tasks.put(id, task);
    return new Submission(task.view, true);
  }

  @Override
  public synchronized List<TaskView> list(TaskState state, int offset, int limit) {
    maybeFail();
    return tasks.values().stream().map(t -> t.view).filter(v -> state == null || v.state() == state)
        .skip(offset).limit(limit).toList();
  }

  @Override
  public synchronized int count(TaskState state) {
    return (int) tasks.values().stream().filter(t -> state == null || t.view.state() == state).count();
  }

  @Override
  public synchronized TaskView get(String taskId) {
    maybeFail();
    return task(taskId).view;
  }

  @Override
  public synchronized TaskView stop(String taskId, Duration wait) {
    maybeFail();
    lastStopWait = wait;
    Task task = task(taskId);
    if (!task.view.state().isFinal()) {
      task.view = view(taskId, TaskState.EXITED, task.view.name(), Outcome.CANCELED, null);
    }
    return task.view;
  }

  @Override
  public synchronized void delete(String taskId) {
    maybeFail();
    if (!task(taskId).view.state().isFinal()) {
      throw new TaskConflictException(taskId, "is still active; stop it first");
    }
    tasks.remove(taskId);
  }

  @Override
  public synchronized OutputChunk readOutput(String taskId, long offset, int maxBytes) {
    maybeFail();
    readOutputCalls.incrementAndGet();
    Task task = task(taskId);
    byte[] all = task.output.toByteArray();
    int from = (int) Math.min(offset, all.length);
    byte[] bytes = Arrays.copyOfRange(all, from, (int) Math.min(all.length, (long) from + maxBytes));
    long next = from + bytes.length;
    return new OutputChunk(bytes, next, task.view.state().isFinal() && next >= all.length);
  }

  @Override
  public void close() {}

  private Task task(String id) {
    Task task = tasks.get(id);
    if (task == null) {
      throw new TaskNotFoundException(id);
    }
    return task;
  }

  private void maybeFail() {
    Throwable e = failNext;
    failNext = null;
    if (e instanceof RuntimeException r) {
      throw r;
    } else if (e instanceof Error error) {
      throw error;
    }
  }

  private static TaskView view(String id, TaskState state, String name, Outcome outcome, Integer exitCode) {
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    boolean started = state != TaskState.QUEUED;
    return new TaskView(id, state, name, "echo", outcome, exitCode, started ? 4242L : null, started ? "node-1" : null,
        t0, started ? t0.plusSeconds(1) : null, started ? t0.plusSeconds(2) : null,
        state.isFinal() ? t0.plusSeconds(3) : null, started && !state.isFinal() ? 120L : null, 3600L, null, 0L, false, null);
  }

  /** What {@link #health()} answers; tests set it. */
  volatile NodeHealth health = new NodeHealth(true, "ok", 1L << 40);

  @Override
  public NodeHealth health() {
    return health;
  }
}
