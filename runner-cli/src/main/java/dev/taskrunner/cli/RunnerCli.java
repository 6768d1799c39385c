package dev.taskrunner.cli;

import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine;

/**
 * {@code runner-cli.jar}: {@code java -jar runner-cli.jar task.json} runs a task here, with no
 * node (see {@link RunCommand}); the commands {@code submit}, {@code list}, {@code status},
 * {@code logs}, {@code stop}, {@code delete} and {@code events} talk to a node over its HTTP API.
 *
 * <p>The top-level command is the standalone run itself, with an optional TASK_FILE: picocli takes
 * a first argument that names no command as that file, so {@code runner-cli task.json} behaves as
 * it always did (and {@code runner-cli run task.json} is the same). A task file named like a
 * command needs a path: {@code runner-cli ./list}.
 *
 * <p>Failures are one line on stderr ({@code runner-cli: ...}) and an exit code: 2 for usage
 * errors, 1 for a node that refused or could not be reached; never a stack trace.
 */
public final class RunnerCli {
  static final String VERSION = "runner-cli 0.1.0";

  private RunnerCli() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String[] args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RunCommand()).setCommandName("runner-cli");
    cli.getCommandSpec().version(VERSION);
    cli.getCommandSpec().usageMessage().description(
        "Runs TASK_FILE in the current directory with id 'cli', with no node: writes status.json and "
            + "output.log here, echoes the output and exits with the task's exit code (see 'runner-cli run --help').",
        "With a COMMAND, talks to a node instead.");
    cli.getCommandSpec().usageMessage().footer("",
        "Client commands find the node with --server URL or $" + ClientOptions.SERVER_ENV,
        "(default " + ClientOptions.DEFAULT_SERVER + ") and send --token or $" + ClientOptions.TOKEN_ENV + ".",
        "'runner-cli COMMAND --help' tells more.");
    cli.addSubcommand("run", new RunCommand());
    cli.addSubcommand(new SubmitCommand());
    cli.addSubcommand(new ListCommand());
    cli.addSubcommand(new StatusCommand());
    cli.addSubcommand(new LogsCommand());
    cli.addSubcommand(new StopCommand());
    cli.addSubcommand(new DeleteCommand());
    cli.addSubcommand(new EventsCommand());
    // After the subcommands: these handlers are passed down to the commands present now.
    cli.setExecutionExceptionHandler(failures());
    cli.setParameterExceptionHandler(usageErrors());
    return cli;
  }

  private static IExecutionExceptionHandler failures() {
    return (e, commandLine, parseResult) -> {
      if (e instanceof CliException c) {
        if (!c.getMessage().isEmpty()) {
          System.err.println("runner-cli: " + c.getMessage());
        }
        return c.exitCode();
      }
      System.err.println("runner-cli: internal error: " + e); // a bug of ours; still no stack trace
      return CliException.FAILED;
    };
  }

  private static IParameterExceptionHandler usageErrors() {
    return (e, args) -> {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("runner-cli: " + e.getMessage());
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return CliException.USAGE;
    };
  }
}
