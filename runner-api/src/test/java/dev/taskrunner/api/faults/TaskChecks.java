package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Waits for tasks to reach a final state, and reads their final views; shared by the scenarios that run tasks. */
final class TaskChecks {
  static final Set<String> FINAL = Set.of("exited", "lost");

  private TaskChecks() {
  }

  /**
   * Polls each task until it is final or {@code bound} has passed; returns the last view of each
   * (null for a task the node does not know: 404).
   */
  static Map<String, JsonNode> awaitFinal(Client client, Collection<String> ids, Duration bound)
      throws InterruptedException {
    Map<String, JsonNode> last = new HashMap<>();
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      boolean allFinal = true;
      for (String id : ids) {
        JsonNode seen = last.get(id);
        if (seen != null && FINAL.contains(seen.path("state").asText())) {
          continue;
        }
        try {
          last.put(id, client.view(id));
        } catch (IOException e) {
          // busy node: asked again on the next round
        }
        JsonNode now = last.get(id);
        allFinal &= now != null && FINAL.contains(now.path("state").asText());
      }
      if (allFinal || System.nanoTime() > deadline) {
        return last;
      }
      Thread.sleep(500);
    }
  }
}
