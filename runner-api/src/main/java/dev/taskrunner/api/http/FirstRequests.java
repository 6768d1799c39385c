package dev.taskrunner.api.http;

import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import dev.taskrunner.core.task.TaskDefinitions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initializes, once the node answers, what its first submission and first answers would
 * otherwise load while a client waits: the definition parser with each machine's checks, Jackson's
 * object mapper and the serializers of a task's view. On a fresh node the first POST was answered
 * in ~0.5 s, the second in ~20 ms: 848 classes were loaded while the first waited, 429 of them
 * Jackson's. Pure work on samples on a thread of its own: nothing is written, no task is touched,
 * and a request that comes meanwhile waits for a class being initialized no longer than it would
 * have taken itself.
 */
public final class FirstRequests {
  private static final Logger LOG = LoggerFactory.getLogger(FirstRequests.class);
  private static final List<String> SAMPLE_DEFINITIONS = List.of(
      "{\"machine\":\"echo\",\"parameters\":[\"ECHO warm\"],\"id\":\"warm-up\",\"name\":\"warm\",\"timeoutSeconds\":1,"
          + "\"resources\":{\"exclusive\":[\"a\"],\"shared\":[\"b\"]}}",
      "{\"machine\":\"exec\",\"parameters\":{\"command\":[\"true\"],\"env\":{\"A\":\"b\"}}}");

  private FirstRequests() {}

  /**
   * Starts the warm-up on a daemon thread, which then runs {@code then} (the idle node's first
   * collection: it collects the warm-up's garbage too), and returns at once.
   */
  public static void warmInBackground(Runnable then) {
    Thread thread = new Thread(() -> {
      try {
        warm();
      } catch (RuntimeException | LinkageError e) {
        LOG.debug("warming the first requests' path failed; the first request pays for it", e); // only a head start
      }
      then.run();
    }, "warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Parses the sample definitions and renders a sample view and error; throws what they throw. */
  static void warm() {
    for (String definition : SAMPLE_DEFINITIONS) {
      TaskDefinitions.parse(definition.getBytes(StandardCharsets.UTF_8));
    }
    Instant now = Instant.now();
    TaskView view = new TaskView("warm-up", TaskState.QUEUED, "warm", "echo", null, null, 1L, "host", now, now, now, null,
        0L, 1L, null, 0, false, null);
    JsonBodies.bytes(TaskViews.toJson(view));
    JsonBodies.detail("warm");
  }
}
