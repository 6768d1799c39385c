package dev.taskrunner.core.env;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.process.TaskProcesses;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Environment} contract, which every environment subclasses and passes: a launched runner
 * writes its status and ends with its task's code; attach is idempotent and refuses a dead runner
 * or another task's; a stop runs the task's CLEANUP and records {@code canceled}; past the grace
 * the runner and every process of its task are killed; closing the environment kills nothing; a
 * task launched twice runs once.
 */
public abstract class EnvironmentContract {
  protected static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir protected Path workRoot;
  private final List<Path> launched = new ArrayList<>();
  private final List<Environment> environments = new ArrayList<>();

  /** An environment whose runners run this test's class path with {@code runnerArgs}. */
  protected abstract Environment newEnvironment(List<String> runnerArgs);

  /** Ends whatever the test left running of these task directories' runners. */
  protected abstract void cleanUp(List<Path> taskDirectories);

  @AfterEach
  void cleanUpRunners() {
    cleanUp(launched);
    environments.forEach(Environment::close);
  }

  protected Environment environment(String... extraRunnerArgs) {
    List<String> args = new ArrayList<>(List.of("--heartbeat-ms", "200", "--kill-grace-ms", "1000"));
    args.addAll(List.of(extraRunnerArgs));
    Environment environment = newEnvironment(args);
    environments.add(environment);
    return environment;
  }

  protected Path task(String id, String definition) throws IOException {
    Path dir = Files.createDirectories(workRoot.resolve(id));
    Files.writeString(dir.resolve(TaskFiles.TASK), definition.replace("ID", id));
    launched.add(dir);
    return dir;
  }

  protected static String exec(String shell) {
    return "{\"machine\":\"exec\",\"id\":\"ID\",\"parameters\":{\"shell\":true,\"command\":\""
        + shell.replace("\"", "\\\"") + "\"}}";
  }

  private static String echo(String... lines) {
    return "{\"machine\":\"echo\",\"id\":\"ID\",\"parameters\":[\"" + String.join("\",\"", lines) + "\"]}";
  }

  protected static TaskStatus awaitFinished(Path dir) {
    StatusFile file = new StatusFile(dir);
    await().atMost(WAIT).until(() -> file.read() instanceof StatusRead.Present p && p.status().finished());
    return ((StatusRead.Present) file.read()).status();
  }

  private static long lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
  }

  @Test
  void aLaunchedRunnerWritesItsStatusAndEndsWithItsTasksCode() throws Exception {
    Environment environment = environment();
    Path dir = task("code", exec("echo hello; exit 3"));

    RunnerHandle runner = environment.launch(dir);

    TaskStatus end = awaitFinished(dir);
    assertEquals(Outcome.FAILED, end.outcome());
    assertEquals(3, end.exitCode());
    await().atMost(WAIT).until(() -> !runner.isAlive());
    assertTrue(Files.readString(new TaskFiles(dir).output()).contains("hello"));
  }

  @Test
  void attachIsIdempotentAndRefusesADeadRunnerOrAnotherTasks() throws Exception {
    Environment environment = environment();
    Path dir = task("attached", exec("sleep 300"));
    Path other = task("other", exec("exit 0"));
    RunnerHandle runner = environment.launch(dir);
    RunnerHandle otherRunner = environment.launch(other);
    await().atMost(WAIT).until(() -> new StatusFile(dir).read() instanceof StatusRead.Present);

    Optional<RunnerHandle> first = environment.attach(runner.identity(), dir);
    Optional<RunnerHandle> second = environment.attach(runner.identity(), dir);
    assertTrue(first.isPresent() && second.isPresent(), "a live runner is attached, twice");
    assertEquals(runner.identity(), first.get().identity());
    assertEquals(first.get().identity(), second.get().identity());
    assertTrue(environment.attach(runner.identity(), other).isEmpty(), "not the runner of another task");

    awaitFinished(other);
    await().atMost(WAIT).until(() -> !otherRunner.isAlive());
    assertTrue(environment.attach(otherRunner.identity(), other).isEmpty(), "an ended runner is refused");

    environment.stop(runner, "attached", Duration.ofSeconds(5));
    awaitFinished(dir);
    await().atMost(WAIT).until(() -> environment.attach(runner.identity(), dir).isEmpty());
  }

  @Test
  void aStopRunsTheTasksCleanupAndRecordsCanceled() throws Exception {
    Environment environment = environment();
    Path dir = task("stopped", echo("ECHO started", "SLEEP 300", "CLEANUP", "ECHO cleaned up"));
    RunnerHandle runner = environment.launch(dir);
    await().atMost(WAIT).until(() -> Files.exists(new TaskFiles(dir).output())
        && Files.readString(new TaskFiles(dir).output()).contains("started"));

    environment.stop(runner, "stopped", Duration.ofSeconds(20));

    assertEquals(Outcome.CANCELED, awaitFinished(dir).outcome());
    assertTrue(Files.readString(new TaskFiles(dir).output()).contains("cleaned up"));
    await().atMost(WAIT).until(() -> !runner.isAlive());
  }

  @Test
  void pastTheGraceTheRunnerAndEveryProcessOfItsTaskAreKilled() throws Exception {
    // GIVEN a runner that gives its task a minute after SIGTERM, and a task that ignores SIGTERM
    Environment environment = environment("--kill-grace-ms", "60000");
    Path dir = task("stubborn", exec("trap '' TERM; echo up > up.txt; sleep 300 & sleep 300; wait"));
    RunnerHandle runner = environment.launch(dir);
    Path up = new TaskFiles(dir).work().resolve("up.txt");
    await().atMost(WAIT).until(() -> Files.exists(up));
    String cookie = runner.identity().cookie("stubborn");
    assertTrue(TaskProcesses.any(cookie), "the task's processes carry the cookie the record names");

    // WHEN it is stopped with a short grace
    environment.stop(runner, "stubborn", Duration.ofSeconds(2));

    // THEN the runner and every process of its task end, well before the runner's own minute
    await().atMost(Duration.ofSeconds(40)).until(() -> !runner.isAlive() && !TaskProcesses.any(cookie));
  }

  @Test
  void closingTheEnvironmentKillsNothing() throws Exception {
    Environment first = environment();
    Path dir = task("survivor", exec("sleep 300"));
    RunnerHandle runner = first.launch(dir);
    await().atMost(WAIT).until(() -> new StatusFile(dir).read() instanceof StatusRead.Present);

    first.close();

    Environment second = environment();
    TaskStatus before = ((StatusRead.Present) new StatusFile(dir).read()).status();
    await().atMost(WAIT).until(() -> new StatusFile(dir).read() instanceof StatusRead.Present p
        && p.status().updatedAt().isAfter(before.updatedAt()));
    RunnerHandle adopted = second.attach(runner.identity(), dir).orElseThrow();
    second.stop(adopted, "survivor", Duration.ofSeconds(5));
    assertEquals(Outcome.CANCELED, awaitFinished(dir).outcome());
  }

  @Test
  void aTaskLaunchedTwiceRunsOnce() throws Exception {
    Environment environment = environment();
    Path dir = task("twice", exec("echo run >> runs.txt; sleep 3"));

    RunnerHandle first = environment.launch(dir);
    RunnerHandle second = environment.launch(dir);

    assertEquals(0, awaitFinished(dir).exitCode());
    await().atMost(WAIT).until(() -> !first.isAlive() && !second.isAlive());
    assertEquals(1, lines(new TaskFiles(dir).work().resolve("runs.txt")));
  }
}
