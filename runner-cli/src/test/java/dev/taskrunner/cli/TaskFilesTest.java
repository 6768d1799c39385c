package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFilesTest {
  /** Generous: a refusal takes microseconds; only a hang would come near it. */
  private static final Duration NO_HANG = Duration.ofSeconds(30);
  @TempDir Path dir;

  @Test
  void aFifoWithNoWriterIsRefusedAtOnceInsteadOfWaitedOn() throws Exception {
    Path fifo = mkfifo(dir.resolve("task.json"));

    CliException refusal = assertTimeoutPreemptively(NO_HANG, () -> assertThrows(CliException.class, () -> TaskFiles.read(fifo)));

    assertEquals("cannot read " + fifo + ": not a regular file (a FIFO, device or socket); give the task definition in a file",
        refusal.getMessage());
    assertEquals(CliException.USAGE, refusal.exitCode());
  }

  @Test
  void aLinkToAFifoAndADeviceAreRefusedToo() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), mkfifo(dir.resolve("fifo")));

    assertTimeoutPreemptively(NO_HANG, () -> assertThrows(CliException.class, () -> TaskFiles.read(link)));
    assertTimeoutPreemptively(NO_HANG, () -> assertThrows(CliException.class, () -> TaskFiles.read(Path.of("/dev/zero"))));
  }

  @Test
  void aDirectoryIsRefused() {
    CliException refusal = assertThrows(CliException.class, () -> TaskFiles.read(dir));

    assertEquals("cannot read " + dir + ": is a directory, not a task file", refusal.getMessage());
    assertEquals(CliException.USAGE, refusal.exitCode());
  }

  @Test
  void aFileOverTheNodesDefaultBodyLimitIsRefusedNamingTheLimit() throws IOException {
    Path big = Files.write(dir.resolve("big.json"), new byte[TaskFiles.LIMIT + 1]);

    CliException refusal = assertThrows(CliException.class, () -> TaskFiles.read(big));

    assertEquals("cannot read " + big + ": larger than 1048576 bytes, the limit for a task definition"
        + " (a node's default maxBodyBytes)", refusal.getMessage());
    assertEquals(CliException.USAGE, refusal.exitCode());
  }

  @Test
  void aRegularFileUpToTheLimitIsReadWholeAndAMissingOneSaysSo() throws IOException {
    byte[] content = new byte[TaskFiles.LIMIT];
    content[0] = '{';
    Path exact = Files.write(dir.resolve("exact.json"), content);

    assertArrayEquals(content, TaskFiles.read(exact));
    assertThrows(NoSuchFileException.class, () -> TaskFiles.read(dir.resolve("missing.json")));
  }

  static Path mkfifo(Path path) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
    return path;
  }
}
