import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start cost of a TaskRunner JVM, launched as the node launches it (same lean JVM flags, the
 * runner main on the given class path): wall time from just before process start to the
 * {@code startedAt} the runner records in its first status write, median and p95 over N runs;
 * peak RSS (VmHWM) and PSS of each runner, sampled from /proc while its task sleeps.
 *
 * <p>Run: {@code java bench/RunnerStartBench.java runner-cli/target/runner-cli.jar [runs]}
 */
public class RunnerStartBench {
  /** The node's runner flags (NodeConfig.DEFAULT_RUNNER_JVM_OPTIONS). */
  static final List<String> FLAGS = List.of("-Xint", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m",
      "-XX:-UsePerfData", "-Xshare:auto", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

  public static void main(String[] args) throws Exception {
    String classpath = Path.of(args.length > 0 ? args[0] : "runner-cli/target/runner-cli.jar").toAbsolutePath().toString();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path root = Files.createTempDirectory("runner-bench");
    List<Double> startMillis = new ArrayList<>();
    List<Long> hwmKb = new ArrayList<>();
    List<Long> pssKb = new ArrayList<>();
    for (int i = 0; i < runs + 2; i++) {
      Path dir = Files.createDirectory(root.resolve("t" + i));
      Files.writeString(dir.resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\",\"SLEEP 0.5\"],\"id\":\"t" + i + "\"}");
      List<String> cmd = new ArrayList<>(List.of(java));
      cmd.addAll(FLAGS);
      cmd.addAll(List.of("-cp", classpath, "dev.taskrunner.core.runner.TaskRunnerMain", dir.toString()));
      Instant before = Instant.now();
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("runner.out").toFile()).start();
      Path status = dir.resolve("status.json");
      while (!Files.exists(status)) {
        if (!p.isAlive()) {
          throw new IllegalStateException("runner exited before its first status: " + Files.readString(dir.resolve("runner.out")));
        }
        Thread.onSpinWait();
      }
      long hwm = 0;
      long pss = 0;
      while (p.isAlive()) {
        hwm = Math.max(hwm, procKb(p.pid(), "status", "VmHWM"));
        pss = Math.max(pss, procKb(p.pid(), "smaps_rollup", "Pss"));
        Thread.sleep(50);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("runner exited " + p.exitValue() + ": " + Files.readString(dir.resolve("runner.out")));
      }
      Instant startedAt = Instant.parse(field(Files.readString(status), "startedAt"));
      if (i >= 2) { // two warm-up runs: page cache and CDS archive mapped
        startMillis.add(Duration.between(before, startedAt).toNanos() / 1e6);
        hwmKb.add(hwm);
        pssKb.add(pss);
      }
    }
    Collections.sort(startMillis);
    System.out.printf("runner start (process start -> first status write), %d runs: median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms%n",
        runs, pct(startMillis, 50), pct(startMillis, 95), startMillis.get(0), startMillis.get(startMillis.size() - 1));
    System.out.printf("runner peak RSS (VmHWM): median %.1f MB, max %.1f MB; PSS: median %.1f MB%n",
        median(hwmKb) / 1024.0, Collections.max(hwmKb) / 1024.0, median(pssKb) / 1024.0);
    System.out.println("java: " + System.getProperty("java.vm.version") + ", flags: " + String.join(" ", FLAGS));
  }

  static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static long procKb(long pid, String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process just exited
    }
    return 0;
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }
}
