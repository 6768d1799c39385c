package dev.taskrunner.api.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite in {@code mvn verify}: every scenario, quick by default (about 3 minutes on a
 * 2-core box); {@code -Dfaults=full} runs the sizes the README reports. Prints the table and writes
 * it to {@code target/fault-suite-SCALE.md}; fails when any scenario lost, started twice or leaked
 * a task, answered a 5xx, or failed otherwise (an undocumented answer, {@code /health} slow or down).
 */
class FaultSuiteIT {
  @TempDir Path temp;

  @Test
  void everyScenarioLosesNothingStartsNothingTwiceLeaksNothingAndAnswersNo5xx() throws Exception {
    Scale scale = Scale.fromProperty();
    FaultSuite.Report report = FaultSuite.report(scale, temp, Long.getLong("faults.seed", System.nanoTime()));
    System.out.println(report.table());
    Files.writeString(Path.of("target", "fault-suite-" + scale.name() + ".md"), report.table());
    String failed = report.rows().stream().filter(f -> !f.passed()).map(f -> f.scenario)
        .collect(Collectors.joining(", "));
    assertTrue(report.passed(), "failed: " + failed + "\n" + report.table());
  }
}
