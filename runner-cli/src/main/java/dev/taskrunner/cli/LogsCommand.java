package dev.taskrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs ID [--follow]}: a task's output, as it is or as it comes. */
@Command(name = "logs", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Prints a task's output (stdout and stderr of the task, as captured).",
        "With --follow, keeps printing as it comes until the task has ended. The follower survives a node "
            + "restart: once the node has answered, it waits up to 60 s for it to come back and resumes "
            + "where it stopped, so no byte is printed twice."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed (with --follow: the task has ended)",
        "1:no such task, or the node refused or could not be reached (one line on stderr)",
        "2:usage error"})
final class LogsCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
  String id;

  @Option(names = {"-f", "--follow"}, description = "Keep printing until the task has ended.")
  boolean follow;

  @Override
  public Integer call() {
    String taskId = options.taskId(id);
    OutputPrinter printer = OutputPrinter.toStdout(options.client());
    if (follow) {
      printer.follow(taskId);
    } else {
      printer.printAvailable(taskId);
    }
    return 0;
  }
}
