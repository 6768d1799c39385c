package dev.taskrunner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stop ID}: asks the node to stop a task; prints the state it answers with. */
@Command(name = "stop", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Stops a task: the node sends SIGTERM to its runner, which stops the task's processes, "
        + "runs CLEANUP and records 'canceled'.",
        "Prints 'ID STATE (OUTCOME)' as the node answers, once the task is final or after about 5 s."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stop requested (the line says where the task is)",
        "1:no such task, or the node refused or could not be reached (one line on stderr)", "2:usage error"})
final class StopCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
  String id;

  @Override
  public Integer call() {
    System.out.println(RemoteTask.of(options.client().stop(options.taskId(id))).summary());
    return 0;
  }
}
