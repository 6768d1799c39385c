package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: many definitions of almost 1 MiB each (an echo script with one long comment line)
 * sent to a node on a 64 MiB heap, which keeps only a summary of each task in memory. The node is
 * then killed with SIGKILL and started again on the same heap; every accepted task must be listed
 * and readable. Reports the accept rate, the restart time and the node's resident memory.
 */
final class BigDefinitionsScenario implements Scenario {
  /** Under the node's default maxBodyBytes (1 MiB), with room for the JSON around the comment. */
  private static final int COMMENT_BYTES = 1_048_576 - 512;
  private static final List<String> SMALL_HEAP = List.of("-Xmx64m");
  private static final int SENDERS = 2;
  private final String idPrefix;

  BigDefinitionsScenario(String idPrefix) {
    this.idPrefix = idPrefix + "big-";
  }

  @Override
  public Figures run(Path scratch, Scale scale) throws Exception {
    Figures figures = new Figures("1 MiB definitions, -Xmx64m");
    Path work = Files.createDirectories(scratch.resolve("work"));
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    // one task runs at a time: the scenario loads the node, not the box's process table
    String[] args = {"--max-running-tasks", "1", "--warm-runners", "0"};
    String comment = "# " + "x".repeat(COMMENT_BYTES);
    try {
      try (Node node = Node.start(work, SMALL_HEAP, Map.of(), args).awaitListening()) {
        long start = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        Client client = new Client(node.base());
        for (int i = 0; i < scale.bigDefinitions(); i++) {
          String id = idPrefix + i;
          senders.execute(() -> submit(client, id, comment, accepted, figures));
        }
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        figures.note("accepted %,d of %,d in %.0f s: %.1f definitions/s (%.1f MiB/s); node RSS %,d MiB", accepted.size(),
            scale.bigDefinitions(), seconds, accepted.size() / seconds, accepted.size() / seconds,
            Kernel.rssKib(node.pid()) / 1024);
        if (!node.process.isAlive()) {
          figures.fail("the node died while accepting (exit %d): %s", node.process.exitValue(), node.tail());
        }
        node.kill9();
        figures.faultsSurvived++;
      }
      try (Node again = Node.start(work, SMALL_HEAP, Map.of(), args).awaitListening()) {
        Client client = new Client(again.base());
        long rssAtStart = Kernel.rssKib(again.pid());
        Set<String> listed = listAll(client, figures);
        figures.lost = 0;
        for (String id : accepted) {
          JsonNode view = client.view(id);
          if (!listed.contains(id) || view == null || "lost".equals(view.path("state").asText())) {
            figures.lost++;
            figures.note("lost: %s listed=%s view=%s", id, listed.contains(id), view);
          }
        }
        figures.note("restart after kill -9 with %,d tasks: listening in %.1f s, RSS %,d MiB; after listing and reading"
            + " every task: RSS %,d MiB", accepted.size(), again.startTime().toMillis() / 1000.0, rssAtStart / 1024,
            Kernel.rssKib(again.pid()) / 1024);
      }
    } finally {
      Kernel.killTasks(idPrefix, work);
    }
    figures.inputsTried = scale.bigDefinitions();
    figures.load = String.format("%,d × 1 MiB on -Xmx64m", scale.bigDefinitions());
    return figures;
  }

  private static void submit(Client client, String id, String comment, Set<String> accepted, Figures figures) {
    String body = "{\"id\":\"" + id + "\",\"machine\":\"echo\",\"parameters\":\"ECHO " + id + "\\n" + comment + "\"}";
    try {
      Client.Answer answer = client.post("/v1/tasks", body);
      if (answer.status() == 201 || answer.status() == 200) {
        accepted.add(id);
        return;
      }
      synchronized (figures) {
        if (answer.status() >= 500) {
          figures.serverErrors++;
        }
        figures.fail("POST %s: %d %s", id, answer.status(), answer.body());
      }
    } catch (IOException e) {
      synchronized (figures) {
        figures.fail("POST %s: %s", id, e);
      }
    }
  }

  /** Pages through {@code GET /v1/tasks} (1,000 a page) and returns every id listed. */
  private static Set<String> listAll(Client client, Figures figures) throws IOException {
    Set<String> ids = new HashSet<>();
    for (int offset = 0; ; offset += 1000) {
      Client.Answer page = client.get("/v1/tasks?offset=" + offset + "&limit=1000");
      if (page.status() != 200) {
        if (page.status() >= 500) {
          figures.serverErrors++;
        }
        figures.fail("GET /v1/tasks?offset=%d: %d %s", offset, page.status(), page.body());
        return ids;
      }
      List<String> got = new ArrayList<>();
      page.json().forEach(v -> got.add(v.path("taskId").asText()));
      ids.addAll(got);
      if (got.size() < 1000) {
        return ids;
      }
    }
  }
}
