package dev.taskrunner.api.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fault suite: every scenario against the packaged daemon jar, one after another, each in its
 * own scratch directory, and the table of what each survived. Run through {@link FaultSuiteIT}
 * ({@code -Dfaults=quick|full}); {@code -Dfaults.scenarios=kill9,fuzz,hostile,big,disk,waits} picks some,
 * {@code -Dfaults.seed=N} repeats a run's random choices.
 */
public final class FaultSuite {
  private FaultSuite() {
  }

  /** What a run found: its rows, the rendered table with how long it took, and whether every scenario passed. */
  record Report(List<Figures> rows, String table, boolean passed) {
  }

  /**
   * {@code java -cp runner-api/target/test-classes:runner-api/target/runner-api.jar
   * dev.taskrunner.api.faults.FaultSuite [quick|full]}: the same run as {@link FaultSuiteIT}; exit 1 on a failure.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      System.setProperty("faults", args[0]);
    }
    Path scratch = Files.createTempDirectory("fault-suite");
    Report report = report(Scale.fromProperty(), scratch, Long.getLong("faults.seed", System.nanoTime()));
    System.out.println(report.table());
    System.out.println("scratch files (remove when done): " + scratch);
    System.exit(report.passed() ? 0 : 1);
  }

  /** Runs the suite and renders its table, with the scale, seed, time taken and machine under it. */
  static Report report(Scale scale, Path scratch, long seed) throws IOException {
    long start = System.nanoTime();
    List<Figures> rows = run(scale, scratch, seed);
    String table = FigureTable.render(rows) + String.format("%nfault suite (%s, seed %d): %.0f s on %d cores, JDK %s%n",
        scale.name(), seed, (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.version"));
    return new Report(rows, table, rows.stream().allMatch(Figures::passed));
  }

  /** Runs the chosen scenarios at {@code scale} under {@code scratch}; a scenario that cannot run counts one failure. */
  static List<Figures> run(Scale scale, Path scratch, long seed) throws IOException {
    // a fresh id prefix per run: cookies of other runs, or other engineers' tasks, are never counted or killed
    String prefix = "f" + Long.toString(System.currentTimeMillis(), 36) + "-";
    Map<String, Supplier<Scenario>> all = new LinkedHashMap<>();
    all.put("kill9", () -> new Kill9Scenario(prefix, seed));
    all.put("fuzz", () -> new FuzzScenario(prefix, seed));
    all.put("hostile", () -> new HostileConnectionsScenario(prefix));
    all.put("big", () -> new BigDefinitionsScenario(prefix));
    all.put("disk", () -> new FullDiskScenario(prefix));
    all.put("waits", () -> new WaitsScenario(prefix, seed));
    String chosen = System.getProperty("faults.scenarios", String.join(",", all.keySet()));
    List<Figures> rows = new ArrayList<>();
    for (String name : Arrays.stream(chosen.split(",")).map(String::trim).toList()) {
      if (!all.containsKey(name)) {
        throw new IllegalArgumentException("faults.scenarios: " + name + " is not one of " + all.keySet());
      }
      long start = System.nanoTime();
      Figures figures;
      try {
        figures = all.get(name).get().run(Files.createDirectories(scratch.resolve(name)), scale);
      } catch (Exception | AssertionError e) {
        figures = new Figures(name);
        figures.fail("could not run: %s", e);
      }
      figures.note("took %.0f s", (System.nanoTime() - start) / 1e9);
      System.out.println("fault suite: " + name + " done: " + figures.notes);
      rows.add(figures);
    }
    return rows;
  }
}
