package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar refuses task files it cannot read safely, with one line and exit code 2, and never hangs. */
class TaskFileIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Map<String, String> NO_NODE = Map.of("RUNNER_SERVER", "http://127.0.0.1:9"); // never reached
  @TempDir Path dir;
  private ClientFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new ClientFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aFifoWithNoWriterIsRefusedByAStandaloneRunAndBySubmit() throws Exception {
    Path fifo = TaskFilesTest.mkfifo(dir.resolve("task.json"));
    String refusal = "runner-cli: cannot read " + fifo + ": not a regular file (a FIFO, device or socket);"
        + " give the task definition in a file\n";

    CliProcess.Result run = fixture.start(NO_NODE, fifo.toString()).await(LIMIT);
    CliProcess.Result submit = fixture.start(NO_NODE, "submit", fifo.toString()).await(LIMIT);

    assertEquals(2, run.exit());
    assertEquals(refusal, run.stderr());
    assertEquals(2, submit.exit());
    assertEquals(refusal, submit.stderr());
  }

  @Test
  void aFileOverTheLimitAndADirectoryAreRefused() throws Exception {
    Path big = Files.write(dir.resolve("big.json"), new byte[TaskFiles.LIMIT + 1]);

    CliProcess.Result run = fixture.start(NO_NODE, big.toString()).await(LIMIT);
    CliProcess.Result submit = fixture.start(NO_NODE, "submit", dir.toString()).await(LIMIT);

    assertEquals(2, run.exit());
    assertEquals("runner-cli: cannot read " + big + ": larger than 1048576 bytes, the limit for a task definition"
        + " (a node's default maxBodyBytes)\n", run.stderr());
    assertEquals(2, submit.exit());
    assertEquals("runner-cli: cannot read " + dir + ": is a directory, not a task file\n", submit.stderr());
  }
}
