package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 1: the node killed with SIGKILL at random instants while tasks are submitted and run.
 * Each task's first act appends a line to its own start-marker file outside the work root, so a
 * start is counted by the kernel's file, not by the node. Tasks carry client ids: a submission cut
 * off by a kill is simply sent again to the next node (idempotent). After the last restart every
 * task must be final with its own exit code, its marker must have exactly one line, and no process
 * carrying its cookie may be left.
 */
final class Kill9Scenario implements Scenario {
  /** A node's life here is about 4-5 s (start, re-adopt, a random instant up to 3 s): long tasks sleep up to 4 s a kill. */
  private static final int SLEEP_SECONDS_PER_KILL = 4;
  private final String idPrefix;
  private final Random random;

  Kill9Scenario(String idPrefix, long seed) {
    this.idPrefix = idPrefix + "k-";
    this.random = new Random(seed);
  }

  @Override
  public Figures run(Path scratch, Scale scale) throws Exception {
    Figures figures = new Figures("kill -9 of the node");
    Path work = Files.createDirectories(scratch.resolve("work"));
    Path markers = Files.createDirectories(scratch.resolve("markers"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < scale.liveTasks(); i++) {
      ids.add(idPrefix + i);
    }
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Resubmissions resubmissions = new Resubmissions();
    List<Integer> aliveAtKills = new ArrayList<>();
    int longest = longestSleep(scale);
    figures.load = scale.liveTasks() + " exec tasks (1/3 exit at once, 2/3 sleep 2-" + longest + " s)";
    try {
      for (int kill = 0; kill < scale.kills(); kill++) {
        try (Node node = start(work)) {
          Submitter submitter = new Submitter(new Client(node.base()), ids, accepted, markers, longest, figures,
              resubmissions);
          submitter.start();
          Thread.sleep(200 + random.nextInt(2800)); // the random instant
          aliveAtKills.add(Kernel.taskProcesses(idPrefix).size());
          node.kill9();
          submitter.join(Client.TIMEOUT.toMillis() * 2);
          figures.faultsSurvived++;
        }
      }
      try (Node last = start(work)) {
        Client client = new Client(last.base());
        Submitter submitter = new Submitter(client, ids, accepted, markers, longest, figures, resubmissions);
        submitter.run();
        figures.note("task processes alive at each kill: %s; submissions cut off by a kill and sent again: %d"
            + " (answered 200, the same task: %d; 201, new: %d)", aliveAtKills, resubmissions.cut.size(),
            resubmissions.repeated.get(), resubmissions.fresh.get());
        Map<String, JsonNode> views = TaskChecks.awaitFinal(client, ids, Duration.ofMinutes(5));
        count(figures, ids, accepted, views, markers);
      }
    } finally {
      Kernel.killTasks(idPrefix, work);
    }
    return figures;
  }

  private void count(Figures figures, List<String> ids, Set<String> accepted, Map<String, JsonNode> views, Path markers)
      throws IOException, InterruptedException {
    List<Long> alive = Kernel.taskProcesses(idPrefix); // scanned as soon as every task is final
    figures.leaked = alive.size();
    figures.lost = 0;
    figures.startedTwice = 0;
    long neverStarted = 0;
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      figures.inputsTried++;
      JsonNode view = views.get(id);
      if (!accepted.contains(id)) {
        figures.fail("%s was never accepted", id);
        continue;
      }
      if (view == null || !"exited".equals(view.path("state").asText())) {
        figures.lost++;
        figures.note("lost: %s -> %s", id, view);
        continue;
      }
      Path marker = markers.resolve(id);
      long starts = Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
      if (starts == 0) {
        neverStarted++;
        figures.fail("never started: %s -> %s", id, view);
      } else if (starts > 1) {
        figures.startedTwice++;
        figures.note("started %d times: %s", starts, id);
      }
      if (view.path("exitCode").asInt(-1) != expectedExit(i)) {
        figures.lost++; // the task's own exit code is what a client waits for
        figures.note("exit code lost: %s expected %d -> %s", id, expectedExit(i), view);
      }
    }
    figures.note("%d accepted, %d never started", accepted.size(), neverStarted);
    if (!alive.isEmpty()) {
      Thread.sleep(10_000);
      figures.note("leaked pids %s; still alive 10 s later: %s", alive, Kernel.taskProcesses(idPrefix));
    }
  }

  private static Node start(Path work) throws IOException, InterruptedException {
    return Node.start(work, List.of(), Map.of(), "--heartbeat-ms", "500").awaitListening();
  }

  /** Long enough that tasks are still running at the last kills, not only the first. */
  private static int longestSleep(Scale scale) {
    return Math.max(10, scale.kills() * SLEEP_SECONDS_PER_KILL);
  }

  static int expectedExit(int i) {
    return i % 4;
  }

  /** A deterministic definition per task, so a resubmission is the same definition (200, never 409). */
  static String definition(String id, int i, Path markers, int longest) {
    String start = "echo started >> '" + markers.resolve(id) + "'; ";
    String body = i % 3 == 0 ? "echo hello " + i : "sleep " + (2 + (i * 7) % (longest - 1));
    String command = start + body + "; exit " + expectedExit(i);
    return "{\"id\":\"" + id + "\",\"machine\":\"exec\",\"parameters\":{\"command\":\"" + command
        + "\",\"shell\":true}}";
  }

  /** Submissions whose answer a kill cut off, and what the next node answered when they were sent again. */
  private static final class Resubmissions {
    final Set<String> cut = ConcurrentHashMap.newKeySet();
    final AtomicInteger repeated = new AtomicInteger();
    final AtomicInteger fresh = new AtomicInteger();

    void answered(String id, int status) {
      if (cut.contains(id)) {
        (status == 200 ? repeated : fresh).incrementAndGet();
      }
    }
  }

  /** Sends every task not yet accepted, in order, until done or the node stops answering. */
  private static final class Submitter extends Thread {
    private final Client client;
    private final List<String> ids;
    private final Set<String> accepted;
    private final Path markers;
    private final int longest;
    private final Figures figures;
    private final Resubmissions resubmissions;

    Submitter(Client client, List<String> ids, Set<String> accepted, Path markers, int longest, Figures figures,
        Resubmissions resubmissions) {
      super("kill9-submitter");
      setDaemon(true);
      this.client = client;
      this.ids = ids;
      this.accepted = accepted;
      this.markers = markers;
      this.longest = longest;
      this.figures = figures;
      this.resubmissions = resubmissions;
    }

    @Override
    public void run() {
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        if (accepted.contains(id)) {
          continue;
        }
        try {
          Client.Answer answer = client.post("/v1/tasks", definition(id, i, markers, longest));
          if (answer.status() == 200 || answer.status() == 201) {
            accepted.add(id);
            resubmissions.answered(id, answer.status());
          } else if (answer.status() >= 500) {
            synchronized (figures) {
              figures.serverErrors++;
              figures.note("POST %s: %d %s", id, answer.status(), answer.body());
            }
          } else {
            synchronized (figures) {
              figures.fail("POST %s: %d %s", id, answer.status(), answer.body());
            }
          }
          Thread.sleep(50); // submissions spread over the first lives, so kills land among them
        } catch (IOException e) {
          resubmissions.cut.add(id);
          return; // the node was killed: the next one gets the rest
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
