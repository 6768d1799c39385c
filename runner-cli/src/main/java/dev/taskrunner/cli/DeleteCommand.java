package dev.taskrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code delete ID}: makes the node forget a finished task. */
@Command(name = "delete", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Deletes a final task (exited or lost): the node forgets it and archives or removes its directory.",
        "Prints 'ID deleted'. An active task is refused (409): stop it first."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:deleted", "1:no such task, still active, or the node refused or could not be reached "
        + "(one line on stderr)", "2:usage error"})
final class DeleteCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
  String id;

  @Override
  public Integer call() {
    String taskId = options.taskId(id);
    options.client().delete(taskId);
    System.out.println(taskId + " deleted");
    return 0;
  }
}
