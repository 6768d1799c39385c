package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/pipeline/run.sh} as a new user runs it, against a real node: five steps, in order. */
class PipelineExampleIT {
  private static final Path SCRIPT = Path.of("../examples/pipeline/run.sh").toAbsolutePath().normalize();
  private static final Path CLI_JAR = Path.of(System.getProperty("runner.cli.jar", "target/runner-cli.jar"));
  @TempDir Path dir;

  @Test
  void thePipelineRunsItsFiveStepsOneAfterTheOtherOnTheSharedFile() throws Exception {
    try (ClientFixture fixture = new ClientFixture(dir)) {
      NodeProcess node = fixture.node();
      Path data = dir.resolve("data");
      ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), node.url()).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("RUNNER_"));
      builder.environment().put("DATA_DIR", data.toString());
      builder.environment().put("RUNNER_CLI_JAR", CliProcess.privateCopy(CLI_JAR, dir).toString());
      builder.environment().put("PATH", Path.of(CliProcess.javaBin()).getParent() + ":" + System.getenv("PATH"));
      Process run = builder.start();

      assertTrue(run.waitFor(3, TimeUnit.MINUTES), "run.sh did not finish in 3 minutes");
      String out = Files.readString(dir.resolve("run.out"));
      assertEquals(0, run.exitValue(), out);
      List<String> steps = Files.readAllLines(data.resolve("pipeline.log")).stream()
          .map(l -> l.split(" ")[1]).toList();
      assertEquals(List.of("seed:", "migrate:", "analyze:", "cleanup:", "export:"), steps, out);
      assertTrue(Files.readString(data.resolve("report.json")).contains("\"categories\""), out);
      assertTrue(Files.readAllLines(data.resolve("export.csv")).get(0).startsWith("id,value,category"), out);
      assertEquals(5, out.lines().filter(l -> l.matches("pipeline-\\S+ +pipeline \\w+ +exited +succeeded .*")).count(), out);
    }
  }
}
