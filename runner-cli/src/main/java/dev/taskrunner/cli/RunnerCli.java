package dev.taskrunner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code runner-cli.jar}: {@code java -jar runner-cli.jar task.json} runs a task here, with no
 * node (see {@link RunCommand}).
 */
@Command(name = "runner-cli", mixinStandardHelpOptions = true, version = "runner-cli 0.1.0",
    description = "Runs a task in the current directory, with no node.")
public final class RunnerCli {
  private RunnerCli() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String[] args) {
    return new CommandLine(new RunCommand())
        .setCommandName("runner-cli")
        .execute(args);
  }
}
