package dev.taskrunner.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code submit TASK_FILE [--wait]}: posts a definition to the node; with {@code --wait}, follows it to its end. */
@Command(name = "submit", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Submits TASK_FILE to the node and prints the task's id and state: 'ID STATE'.",
        "With --wait, the id line goes to stderr instead; the task's output streams to stdout as it comes "
            + "(across node restarts) and the command exits with the task's exit code."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:submitted (without --wait)", "N:with --wait, the task's own exit code (outcome succeeded or failed)",
        "70:with --wait, outcome error", "124:with --wait, outcome timeout", "143:with --wait, outcome canceled",
        "1:the node refused the task or could not be reached (one line on stderr), or with --wait the task was lost",
        "2:usage error, or TASK_FILE cannot be read"})
final class SubmitCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Parameters(index = "0", paramLabel = "TASK_FILE", description = "The task definition (JSON), as for a standalone run.")
  Path taskFile;

  @Option(names = "--wait", description = "Follow the task's output until it ends, then exit with its exit code.")
  boolean await;

  @Override
  public Integer call() {
    byte[] definition = read(taskFile);
    NodeClient client = options.client();
    RemoteTask task = RemoteTask.of(client.submit(definition));
    if (!await) {
      System.out.println(task.summary());
      return 0;
    }
    System.err.println(task.summary());
    RemoteTask last = OutputPrinter.toStdout(client).nodeReached().follow(task.id());
    int code = last.exitStatus();
    if (!"succeeded".equals(last.outcome())) {
      String reason = last.text("reason");
      System.err.println("runner-cli: task " + last.id() + " " + (last.outcome() == null ? last.state() : last.outcome())
          + (reason == null ? "" : ": " + reason) + " (exit " + code + ")");
    }
    return code;
  }

  static byte[] read(Path file) {
    try {
      return TaskFiles.read(file);
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read " + file + ": no such file", CliException.USAGE);
    }
  }
}
