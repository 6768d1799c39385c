package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunnerCliTest {
  @Test
  void theTopLevelCommandIsTheStandaloneRunWithTheClientCommandsBeside() {
    CommandLine cli = RunnerCli.commandLine();

    assertEquals(List.of("run", "submit", "list", "status", "logs", "stop", "delete", "events"), List.copyOf(cli.getSubcommands().keySet()));
    assertTrue(cli.getCommand() instanceof RunCommand);
  }

  @Test
  void aFirstArgumentThatNamesNoCommandIsTheTaskFile() {
    CommandLine.ParseResult parsed = RunnerCli.commandLine().parseArgs("task.json");

    assertEquals(List.of("task.json"), parsed.matchedPositionals().stream().map(p -> p.getValue().toString()).toList());
    assertEquals(false, parsed.hasSubcommand());
  }

  @Test
  void aBadOptionIsAUsageErrorWithExitCodeTwo() {
    StringWriter err = new StringWriter();
    CommandLine cli = RunnerCli.commandLine();
    cli.getSubcommands().get("list").setErr(new PrintWriter(err));

    int code = cli.execute("list", "--colour");

    assertEquals(2, code);
    assertEquals("runner-cli: Unknown option: '--colour'\nTry 'runner-cli list --help' for more information.\n",
        err.toString().replace(System.lineSeparator(), "\n"));
  }
}
