package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class ClientOptionsTest {
  private static ClientOptions parse(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new StatusCommand());
    cli.parseArgs(args);
    ClientOptions options = ((StatusCommand) cli.getCommand()).options;
    options.environment = env;
    return options;
  }

  @Test
  void theServerComesFromTheFlagThenTheEnvironmentThenTheDefault() {
    assertEquals("http://h:1", parse(Map.of("RUNNER_SERVER", "http://e:2"), "x", "--server", "http://h:1/").client().server());
    assertEquals("http://e:2", parse(Map.of("RUNNER_SERVER", "http://e:2"), "x").client().server());
    assertEquals("http://127.0.0.1:8000", parse(Map.of("RUNNER_SERVER", " "), "x").client().server());
    assertEquals("https://h/runner", parse(Map.of(), "x", "--server", "https://h/runner/").client().server());
  }

  @Test
  void aServerThatIsNoHttpUrlIsAUsageError() {
    assertThrows(ParameterException.class, () -> parse(Map.of(), "x", "--server", "localhost:8000").client());
    assertThrows(ParameterException.class, () -> parse(Map.of("RUNNER_SERVER", "http://h:1?x=y"), "x").client());
    assertThrows(ParameterException.class, () -> parse(Map.of(), "x", "--server", "http://[bad").client());
  }

  @Test
  void onlyWhatCanBeATaskIdIsSent() {
    ClientOptions options = parse(Map.of(), "x");

    assertEquals("a_B-9", options.taskId("a_B-9"));
    assertThrows(ParameterException.class, () -> options.taskId("../etc"));
    assertThrows(ParameterException.class, () -> options.taskId("x".repeat(65)));
  }

  @Test
  void pathSegmentsArePercentEncoded() {
    assertEquals("a%20b%2F%C3%A9", NodeClient.encode("a b/é"));
  }
}
