package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.status.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A work root on a small tmpfs that a task fills: the runner keeps its final status until the disk
 * has room again, so the task's real exit code is never lost, and no temporary file is left.
 * Needs root (to mount); CI runs as root.
 */
class FullDiskIT {
  @TempDir Path mountPoint;
  private ServiceFixture node;
  private boolean mounted;

  @BeforeEach
  void mountTmpfs() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs; CI runs as root");
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", mountPoint.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + said);
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    if (node != null) {
      node.close();
    }
    if (mounted) {
      new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aTaskEndingOnAFullDiskKeepsItsRealExitCode() throws Exception {
    Path workRoot = mountPoint.resolve("work");
    node = new ServiceFixture(workRoot, 2, b -> b.limits(NodeConfig.DEFAULT_MAX_OUTPUT_BYTES, 0).warmRunners(0));
    node.start();

    // WHEN a task fills the disk and exits 3
    node.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":\"head -c 64m /dev/zero > fill 2>/dev/null; exit 3\","
        + "\"shell\":true},\"id\":\"filler\"}");
    Path fill = workRoot.resolve("filler").resolve(TaskFiles.WORK).resolve("fill");
    await().atMost(ServiceFixture.WAIT).until(() -> Files.exists(fill) && workRoot.toFile().getUsableSpace() < 64 * 1024);

    // THEN while the disk is full the task is not lost: its runner holds on to its ending
    await().during(Duration.ofSeconds(2)).atMost(ServiceFixture.WAIT)
        .until(() -> !node.service().get("filler").state().isFinal());

    // WHEN room comes back, the real ending lands, and nothing temporary is left
    Files.delete(fill);
    TaskView done = node.awaitState("filler", TaskState.EXITED);
    assertEquals(Outcome.FAILED, done.outcome());
    assertEquals(3, done.exitCode());
    try (Stream<Path> files = Files.list(workRoot.resolve("filler"))) {
      List<String> temporary = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
      assertTrue(temporary.isEmpty(), temporary.toString());
    }
  }
}
