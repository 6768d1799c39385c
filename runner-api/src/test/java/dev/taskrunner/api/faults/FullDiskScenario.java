package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scenario 5: the work root on a small tmpfs, filled to the last byte while tasks run. The node
 * must answer 503 JSON to new tasks while free space is below {@code minFreeDiskBytes}, keep every
 * accepted task readable, lose no exit code once room comes back (the runner retries its final
 * status), and leave no {@code .tmp} file. Needs root for the mount; skipped with a message otherwise.
 */
final class FullDiskScenario implements Scenario {
  private static final int TMPFS_MIB = 48;
  private static final long MIN_FREE = 8L << 20;
  private static final int TASKS = 6;
  private static final int REFUSED_POSTS = 20;
  private static final Duration BOUND = Duration.ofMinutes(2);
  private final String idPrefix;

  FullDiskScenario(String idPrefix) {
    this.idPrefix = idPrefix + "disk-";
  }

  @Override
  public Figures run(Path scratch, Scale scale) throws Exception {
    Figures figures = new Figures("full disk (tmpfs work root)");
    String[] why = new String[1];
    Path markers = Files.createDirectories(scratch.resolve("markers"));
    Path gate = scratch.resolve("disk.gate");
    try (Tmpfs tmpfs = Tmpfs.mount(scratch.resolve("tmpfs"), TMPFS_MIB, why)) {
      if (tmpfs == null) {
        figures.load = why[0];
        figures.note("%s", why[0]);
        return figures;
      }
      Path work = Files.createDirectories(tmpfs.mountPoint.resolve("work"));
      try (Node node = Node.start(work, List.of(), Map.of(), "--min-free-disk-bytes", Long.toString(MIN_FREE),
          "--warm-runners", "0", "--runner-class-archive", "false", "--heartbeat-ms", "500").awaitListening()) {
        run(new Client(node.base()), tmpfs.mountPoint, work, markers, gate, figures);
        if (!node.process.isAlive()) {
          figures.fail("the node died: %s", node.tail());
        }
      } finally {
        Kernel.killTasks(idPrefix, work);
      }
    }
    figures.load = String.format("%d tasks on a %d MiB tmpfs, filled to 0 bytes free", TASKS, TMPFS_MIB);
    return figures;
  }

  private void run(Client client, Path tmpfs, Path work, Path markers, Path gate, Figures figures) throws Exception {
    // GIVEN tasks running on the tmpfs, each waiting for the gate
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      String id = idPrefix + i;
      String command = "echo started >> '" + markers.resolve(id) + "'; while [ ! -e '" + gate + "' ]; do sleep 0.2;"
          + " done; echo done; exit " + (10 + i);
      Client.Answer answer = client.post("/v1/tasks", "{\"id\":\"" + id + "\",\"machine\":\"exec\",\"parameters\":"
          + "{\"command\":\"" + command + "\",\"shell\":true}}");
      if (answer.status() != 201) {
        figures.fail("POST %s before the disk filled: %d %s", id, answer.status(), answer.body());
      }
      ids.add(id);
    }
    await("every task running", () -> ids.stream().allMatch(id -> Files.exists(markers.resolve(id))));

    // WHEN the disk fills up
    Path filler = tmpfs.resolve("filler");
    figures.note("filled the tmpfs with %,d bytes", Tmpfs.fill(filler));
    await("/health 503", () -> client.get("/health").status() == 503);
    // THEN new tasks get 503 JSON, and every accepted task is still readable
    for (int i = 0; i < REFUSED_POSTS; i++) {
      figures.inputsTried++;
      Client.Answer answer = client.post("/v1/tasks", "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"]}");
      if (answer.status() != 503 || !answer.json().path("detail").isTextual()) {
        figures.fail("POST on a full disk: %d %s", answer.status(), answer.body());
      }
    }
    for (String id : ids) {
      if (client.view(id) == null) {
        figures.fail("%s unreadable on a full disk", id);
      }
    }
    // WHEN the tasks end while the disk is still full, and room comes back after a while
    Files.createFile(gate);
    Thread.sleep(5_000);
    Map<String, Integer> states = new java.util.TreeMap<>();
    for (String id : ids) {
      JsonNode view = client.view(id);
      states.merge(view == null ? "unreadable" : view.path("state").asText() + " (" + view.path("reason").asText("").replaceAll("[0-9]+ s", "N s")
          + ")", 1, Integer::sum);
    }
    // a runner cannot write its heartbeat on a full disk either, so "stalled" is the honest view here
    figures.note("5 s after the commands ended, the disk still full: %s", states);
    Files.delete(filler);
    figures.faultsSurvived++;
    // THEN each task ends with its own exit code, nothing is left behind, and new tasks are accepted again
    Map<String, JsonNode> views = TaskChecks.awaitFinal(client, ids, BOUND);
    figures.leaked = Kernel.taskProcesses(idPrefix).size();
    figures.lost = 0;
    figures.startedTwice = 0;
    for (int i = 0; i < TASKS; i++) {
      JsonNode view = views.get(ids.get(i));
      if (view == null || !"exited".equals(view.path("state").asText()) || view.path("exitCode").asInt(-1) != 10 + i) {
        figures.lost++;
        figures.note("exit code lost: %s expected %d -> %s", ids.get(i), 10 + i, view);
      }
      if (Files.readAllLines(markers.resolve(ids.get(i))).size() > 1) {
        figures.startedTwice++;
      }
    }
    try (Stream<Path> files = Files.walk(work)) {
      List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      if (!temps.isEmpty()) {
        figures.fail(".tmp files left: %s", temps);
      }
    }
    await("/health 200 again", () -> client.get("/health").status() == 200);
    Client.Answer again = client.post("/v1/tasks", "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"]}");
    if (again.status() != 201) {
      figures.fail("POST once room came back: %d %s", again.status(), again.body());
    }
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void await(String what, Condition condition) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("full disk: not within " + BOUND + ": " + what);
      }
      Thread.sleep(200);
    }
  }
}
