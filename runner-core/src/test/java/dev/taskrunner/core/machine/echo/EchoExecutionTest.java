package dev.taskrunner.core.machine.echo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.machine.TaskOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoExecutionTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private TaskContext context;

  @BeforeEach
  void context() {
    context = new TaskContext("t1", directory, new TaskOutput(buffer, null), Duration.ofSeconds(1));
  }

  @Test
  void echoWritesEachTextAsALine() throws Exception {
    int code = prepare("ECHO one", "ECHO", "ECHO three  spaced").run(context);

    assertEquals(0, code);
    assertEquals("one\n\nthree  spaced\n", output());
  }

  @Test
  void logLinesCarryAnIsoTimestampAndTheLevel() throws Exception {
    Instant before = Instant.now();

    prepare("log warning disk almost full").run(context);

    Matcher line = Pattern.compile("(\\S+) WARNING disk almost full\n").matcher(output());
    assertTrue(line.matches(), output());
    Instant stamped = Instant.parse(line.group(1));
    assertFalse(stamped.isBefore(before), stamped + " is before " + before);
    assertFalse(stamped.isAfter(Instant.now()), stamped + " is in the future");
  }

  @Test
  void returnEndsTheMainPartWithItsCode() throws Exception {
    int code = prepare("ECHO before", "RETURN 7", "ECHO never").run(context);

    assertEquals(7, code);
    assertEquals("before\n", output());
  }

  @Test
  void raiseThrowsTaskFailedExceptionWithItsMessage() {
    Execution execution = prepare("ECHO before", "RAISE disk on fire", "ECHO never");

    TaskFailedException e = assertThrows(TaskFailedException.class, () -> execution.run(context));

    assertEquals("disk on fire", e.getMessage());
    assertEquals("before\n", output());
  }

  @Test
  void useDoesNothingWhenTheScriptRuns() throws Exception {
    assertEquals(0, prepare("USE EXCLUSIVE gpu", "ECHO go").run(context));
    assertEquals("go\n", output());
  }

  @Test
  void cleanupRunsOnlyItsOwnSection() throws Exception {
    Execution execution = prepare("ECHO main", "CLEANUP", "ECHO cleaning", "LOG INFO cleaned");

    execution.run(context);
    assertEquals("main\n", output());
    execution.cleanup(context);

    assertTrue(output().startsWith("main\ncleaning\n"), output());
    assertTrue(output().endsWith(" INFO cleaned\n"), output());
  }

  @Test
  void aScriptWithoutCleanupHasNothingToClean() throws Exception {
    Execution execution = prepare("ECHO main");

    execution.cleanup(context);

    assertEquals("", output());
  }

  @Test
  void sleepWaitsAtLeastTheGivenTime() throws Exception {
    long start = System.nanoTime();

    prepare("SLEEP 0.2").run(context);

    assertTrue(System.nanoTime() - start >= 200_000_000L, "slept less than 200 ms");
  }

  @Test
  void cancelFromAnotherThreadEndsALongSleepPromptlyAndCleanupStillRuns() throws Exception {
    // GIVEN a script sleeping for a minute
    Execution execution = prepare("ECHO sleeping", "SLEEP 60", "ECHO never", "CLEANUP", "ECHO cleaned up");
    CompletableFuture<Integer> run = runInBackground(execution);
    await().atMost(Duration.ofSeconds(5)).until(() -> output().contains("sleeping"));

    // WHEN it is canceled
    execution.cancel();

    // THEN the main part ends at once, skipping what follows the SLEEP
    await().atMost(Duration.ofSeconds(3)).until(run::isDone);
    run.join();
    assertFalse(output().contains("never"), output());
    // AND the cleanup section still runs
    execution.cleanup(context);
    assertEquals("sleeping\ncleaned up\n", output());
  }

  @Test
  void aCancelBeforeRunSkipsTheMainPartButNotTheCleanup() throws Exception {
    Execution execution = prepare("ECHO main", "SLEEP 60", "CLEANUP", "ECHO cleaned up");

    execution.cancel();
    execution.cancel(); // more than once is allowed
    CompletableFuture<Integer> run = runInBackground(execution);

    await().atMost(Duration.ofSeconds(3)).until(run::isDone);
    execution.cleanup(context);
    assertEquals("cleaned up\n", output());
  }

  @Test
  void aCancelDoesNotCutTheCleanupShort() throws Exception {
    Execution execution = prepare("ECHO main", "CLEANUP", "SLEEP 0.2", "ECHO cleaned up");
    execution.cancel();
    long start = System.nanoTime();

    execution.cleanup(context);

    assertTrue(System.nanoTime() - start >= 200_000_000L, "cleanup SLEEP was cut short");
    assertEquals("cleaned up\n", output());
  }

  private CompletableFuture<Integer> runInBackground(Execution execution) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return execution.run(context);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  private static Execution prepare(String... lines) {
    return new EchoMachine().prepare(List.of(lines));
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
