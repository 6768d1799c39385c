package dev.taskrunner.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.TaskOutput;
import dev.taskrunner.core.service.TaskView;
import dev.taskrunner.core.status.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task printing past the output cap is capped, says so, and still finishes normally. */
class OutputCapIT {
  @TempDir Path workRoot;

  @Test
  void outputPastTheCapIsCutWithATruncationLineAndTheTaskStillSucceeds() throws Exception {
    try (RealNode node = new RealNode(workRoot, c -> c.toBuilder().limits(1000, 0).build())) {
      // 200 lines of 50 bytes: 10,000 bytes, ten times the cap
      node.post("/v1/tasks", "{\"machine\":\"exec\",\"id\":\"noisy\",\"parameters\":{\"shell\":true,"
          + "\"command\":\"i=0; while [ $i -lt 200 ]; do printf '%049d\\\\n' $i; i=$((i+1)); done; echo last >&2\"}}");

      TaskView done = node.awaitFinal("noisy");
      String output = Files.readString(workRoot.resolve("noisy").resolve("output.log"));
      String view = node.get("/v1/tasks/noisy").body();

      assertEquals(Outcome.SUCCEEDED, done.outcome());
      assertTrue(output.endsWith(TaskOutput.truncationLine(1000)), output);
      assertEquals(1000 + TaskOutput.truncationLine(1000).length(), output.length());
      assertTrue(output.startsWith("0000000000"), output);
      assertTrue(view.contains("\"outputTruncated\":true"), view);
      assertTrue(view.contains("\"outputBytes\":" + output.length()), view);
    }
  }
}
