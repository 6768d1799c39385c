package nodebench;

import static nodebench.Bench.*;
import static nodebench.Main.feature;
import static nodebench.Steps.*;
import static nodebench.Util.*;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/**
 * The floor on this machine: the least a runner could cost. A minimal JVM ({@code Floor}, one class
 * in its own jar) that writes one status-like JSON file (temp file, atomic rename) and exits,
 * started with the runner's JVM options for its JDK ({@code RunnerJvmOptions.forJava}, read from
 * the node's jar) and a class archive of its own; compiled as runner-core is ({@code
 * -XDstringConcat=inline}: no string concatenation bootstrapped at run time). Measured in the same run as the node, so each
 * node figure is a ratio to what this machine, at this moment, gives any JVM.
 *
 * <p>Its JDK is the one running the bench ({@code java bench/NodeBench.java}: the default JDK 17),
 * whatever JDK the node runs: a JDK 25 node is compared with the JDK 17 floor. A JDK 25 node gets a
 * second floor of its own JDK (an AOT cache instead of the AppCDS archive, as its runners have),
 * which bounds what any runner of that JDK can reach against the first.
 */
final class Floor {
  private static final String SOURCE = """
      import java.nio.file.*;
      public class Floor {
        public static void main(String[] a) throws Exception {
          Path dir = Path.of(a[0]);
          Path tmp = dir.resolve("status.json.tmp");
          Files.writeString(tmp, "{\\"version\\":1,\\"taskId\\":\\"" + dir.getFileName() + "\\",\\"pid\\":"
              + ProcessHandle.current().pid() + ",\\"outcome\\":\\"succeeded\\"}");
          Files.move(tmp, dir.resolve("status.json"), StandardCopyOption.ATOMIC_MOVE);
          if (a.length > 1) {
            System.in.read(); // stays alive until its stdin closes, to be measured
          }
        }
      }
      """;

  final String java;
  final String jdk;
  /** With an AOT cache (JDK 25 and later) rather than an AppCDS archive. */
  final boolean aotCache;
  final List<String> command;
  final Path dirs;
  final AtomicInteger launched = new AtomicInteger();
  /** Launches per second, {@link #concurrency} at a time. */
  double rate;
  int concurrency;
  /** CPU seconds per launch (the reaped children's utime + stime). */
  double cpuPerLaunch;
  double pssMb;
  double rssMb;

  private Floor(String java, String jdk, boolean aotCache, List<String> command, Path dirs) {
    this.java = java;
    this.jdk = jdk;
    this.aotCache = aotCache;
    this.command = command;
    this.dirs = dirs;
  }

  /**
   * Builds the floor program and its class archive with {@code java}, the runner's options from
   * {@code jar}, under {@code name} in the bench's temporary root: an AppCDS archive before JDK 25,
   * an AOT cache from it (as the node makes for its runners).
   */
  static Floor prepare(String java, Path jar, String name) throws Exception {
    Path home = Files.createDirectories(tmpRoot.resolve(name));
    Path src = Files.writeString(home.resolve("Floor.java"), SOURCE);
    Path classes = Files.createDirectories(home.resolve("classes"));
    if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-XDstringConcat=inline", "-d", classes.toString(), src.toString()) != 0) {
      throw new IllegalStateException("the floor program does not compile");
    }
    Path floorJar = home.resolve("floor.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(floorJar))) {
      out.putNextEntry(new JarEntry("Floor.class"));
      out.write(Files.readAllBytes(classes.resolve("Floor.class")));
      out.closeEntry();
    }
    String jdk = javaVersion(java);
    boolean aotCache = feature(jdk) >= aotCacheJdk(jar);
    List<String> options = runnerOptions(java, jar);
    if (aotCache) {
      options = options.stream().filter(o -> !o.startsWith("-Xshare:")).toList(); // the JVM refuses both, as RunnerClassArchive says
    }
    List<String> base = new ArrayList<>(List.of(java));
    base.addAll(options);
    Path archive = home.resolve(aotCache ? "floor.aot" : "floor.jsa");
    List<String> training = new ArrayList<>(base);
    training.addAll(List.of((aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive, "-cp", floorJar.toString(), "Floor",
        Files.createDirectories(home.resolve("training")).toString()));
    Process p = new ProcessBuilder(training).redirectErrorStream(true).redirectOutput(home.resolve("training.out").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
      throw new IllegalStateException("the floor's class archive was not made: " + Files.readString(home.resolve("training.out")));
    }
    List<String> command = new ArrayList<>(base);
    command.addAll(List.of((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive, "-cp", floorJar.toString(), "Floor"));
    return new Floor(java, jdk, aotCache, List.copyOf(command), Files.createDirectories(home.resolve("dirs")));
  }

  /** The first JDK whose runners get an AOT cache rather than an AppCDS archive, as the node's jar says. */
  private static int aotCacheJdk(Path jar) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      java.lang.reflect.Field field = loader.loadClass("dev.taskrunner.core.env.RunnerClassArchive").getDeclaredField("AOT_CACHE_JDK");
      field.setAccessible(true);
      return field.getInt(null);
    }
  }

  /** The runner's JVM options for {@code java}, as the node's jar chooses them. */
  @SuppressWarnings("unchecked")
  private static List<String> runnerOptions(String java, Path jar) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      return (List<String>) loader.loadClass("dev.taskrunner.core.env.RunnerJvmOptions").getMethod("forJava", String.class)
          .invoke(null, java);
    }
  }

  /** {@code n} launches, {@code concurrency} at a time, as many as the node runs at once. */
  void launches(int n, int concurrency, Deadline dl) throws Exception {
    this.concurrency = concurrency;
    for (int i = 0; i < 10; i++) { // warm the page cache and the archive
      launchOne(false);
    }
    double cpu0 = childrenCpu();
    ExecutorService pool = pool(concurrency);
    AtomicInteger left = new AtomicInteger(n);
    List<Future<Object>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      futures.add(pool.submit(() -> {
        while (left.getAndDecrement() > 0) {
          launchOne(false);
        }
        return null;
      }));
    }
    for (Future<Object> f : futures) {
      dl.await(f, "the floor's launches");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdownNow();
    rate = n / seconds;
    cpuPerLaunch = (childrenCpu() - cpu0) / n;
  }

  /** PSS and RSS medians of {@code n} floor JVMs alive at once (each after its status write). */
  void memory(int n, Deadline dl) throws Exception {
    List<Process> alive = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        alive.add(launchOne(true));
      }
      Thread.sleep(1000);
      List<Double> pss = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      for (Process p : alive) {
        String rollup = "/proc/" + p.pid() + "/smaps_rollup";
        pss.add(procKb(rollup, "Pss") / 1024.0);
        rss.add(procKb(rollup, "Rss") / 1024.0);
      }
      pssMb = pct(sorted(pss), 50);
      rssMb = pct(sorted(rss), 50);
    } finally {
      for (Process p : alive) {
        try (OutputStream in = p.getOutputStream()) {
          in.write('\n');
        } catch (IOException e) {
          // gone already
        }
        if (!p.waitFor(Math.max(1, dl.remainingMillis()), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** Starts one floor JVM; waits for it unless it is to {@code stay} (then returns once its status is written). */
  private Process launchOne(boolean stay) throws Exception {
    Path dir = Files.createDirectory(dirs.resolve("f" + launched.incrementAndGet()));
    List<String> cmd = new ArrayList<>(command);
    cmd.add(dir.toString());
    if (stay) {
      cmd.add("--stay");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (stay) {
      while (!Files.exists(dir.resolve("status.json")) && p.isAlive()) {
        Thread.sleep(5);
      }
    } else if (p.waitFor() != 0 || !Files.exists(dir.resolve("status.json"))) {
      throw new IllegalStateException("a floor JVM failed: " + String.join(" ", cmd));
    }
    return p;
  }

  /** This process's reaped children's CPU, seconds (cutime + cstime of /proc/self/stat, USER_HZ 100). */
  static double childrenCpu() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
  }

  String describe() {
    return String.format("floor (JDK %s, a JVM writing one status file, " + (aotCache ? "AOT cache" : "AppCDS") + ", %s): %.1f launches/s %d at a time, %.0f ms CPU each",
        jdk, String.join(" ", command.subList(1, command.size() - 3)), rate, concurrency, cpuPerLaunch * 1000)
        + (pssMb > 0 ? String.format("; alive: PSS %.1f MB, RSS %.1f MB", pssMb, rssMb) : "");
  }
}
