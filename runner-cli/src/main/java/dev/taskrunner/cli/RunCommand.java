package dev.taskrunner.cli;

import dev.taskrunner.core.runner.ExitCodes;
import dev.taskrunner.core.runner.RunnerOptions;
import dev.taskrunner.core.runner.TaskRunner;
import dev.taskrunner.core.task.InvalidTaskException;
import dev.taskrunner.core.task.TaskDefinition;
import dev.taskrunner.core.task.TaskDefinitions;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a task standalone: in the current directory, with id {@code cli}, writing the same
 * {@code status.json} and {@code output.log} a node's runner writes, echoing the output, and
 * exiting with the task's exit code. Ctrl-C or SIGTERM stops the task as a stop request does.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs TASK_FILE in the current directory with id 'cli' and exits with the task's exit code.",
        "Writes status.json and output.log here; the output is echoed as it comes."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"N:the task's own exit code",
        "2:the task file is missing, invalid, over " + TaskDefinitions.MAX_DEFINITION_BYTES
            + " bytes, or not a regular file (a directory, FIFO or device)",
        "70:the task ended in error", "75:another runner is using this directory",
        "124:the task timed out", "130/143:stopped by Ctrl-C / SIGTERM"})
final class RunCommand implements Callable<Integer> {
  static final String CLI_TASK_ID = "cli";

  @Spec
  CommandSpec spec;

  // Optional for picocli, so that the top-level command (this one) can also hold the client
  // subcommands; a missing file is still a usage error, checked in call().
  @Parameters(index = "0", arity = "0..1", paramLabel = "TASK_FILE", description = "The task definition (JSON).")
  Path taskFile;

  @Option(names = "--heartbeat-ms", paramLabel = "MS", description = "Status heartbeat period (default: ${DEFAULT-VALUE}).")
  long heartbeatMillis = RunnerOptions.DEFAULT_HEARTBEAT.toMillis();

  @Option(names = "--kill-grace-ms", paramLabel = "MS",
      description = "How long the task's processes get after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
  long killGraceMillis = RunnerOptions.DEFAULT_KILL_GRACE.toMillis();

  @Override
  public Integer call() {
    if (taskFile == null) {
      System.err.println("runner-cli: missing TASK_FILE");
      spec.commandLine().usage(System.err);
      return ExitCodes.INVALID_TASK;
    }
    TaskDefinition definition;
    try {
      definition = TaskDefinitions.parse(TaskFiles.read(taskFile)).withId(CLI_TASK_ID);
    } catch (NoSuchFileException e) {
      return fail("cannot read " + taskFile + ": no such file" + commandHint());
    } catch (CliException e) {
      return fail(e.getMessage());
    } catch (InvalidTaskException e) {
      return fail(taskFile + ": " + e.getMessage());
    }
    RunnerOptions options = RunnerOptions.defaults()
        .withHeartbeat(Duration.ofMillis(heartbeatMillis))
        .withKillGrace(Duration.ofMillis(killGraceMillis))
        .forTerminal();
    Path here = Path.of("").toAbsolutePath();
    return new TaskRunner(here, CLI_TASK_ID, definition, options).run();
  }

  /** A bare word that is no file was perhaps meant as a command. */
  private String commandHint() {
    String name = taskFile.toString();
    if (name.contains(".") || name.contains("/") || spec.parent() != null) {
      return "";
    }
    return " (nor a command: " + String.join(", ", spec.subcommands().keySet()) + ")";
  }

  private static int fail(String message) {
    System.err.println("runner-cli: " + message);
    return ExitCodes.INVALID_TASK;
  }
}
