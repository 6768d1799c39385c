package dev.taskrunner.core.env;

import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.runner.TaskRunnerMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class archive of the runner's classes, so each runner JVM maps them instead of loading them:
 * about half a runner's start on JDK 17. On a runner JDK of 25 or later it is an AOT cache (JEP
 * 514: classes loaded and linked, call sites resolved); before that an AppCDS dynamic archive (JDK
 * 13+). Made once, in the background, by a training run of a warm runner (an echo warm-up, then an
 * exec task handed over), and named by a digest of the java executable, the JVM options, the class
 * path and each class-path entry's size and time, so a new jar or JDK makes a new archive. Until it
 * is ready (or if it cannot be made) runners start without it; a stale or broken archive is ignored
 * by the JVM ({@code -Xshare:auto}, or the AOT cache's default {@code -XX:AOTMode=auto}).
 */
public final class RunnerClassArchive {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerClassArchive.class);
  private static final long TRAINING_SECONDS = 120;
  /** The first JDK whose AOT cache can be made by one training run ({@code -XX:AOTCacheOutput}). */
  static final int AOT_CACHE_JDK = 25;
  private final boolean aotCache;
  private final Path archive;
  /** Where the training run writes; renamed to {@link #archive} once complete. */
  private final Path temp;
  private final List<String> trainingCommand;
  private final Path trainingDir;
  private volatile boolean ready;
  private volatile boolean closed;
  private volatile Process training;
  private volatile Thread trainer;

  public RunnerClassArchive(Path directory, String java, List<String> jvmOptions, String classpath) {
    String key = digest(java, jvmOptions, classpath);
    this.aotCache = JavaVersions.feature(java) >= AOT_CACHE_JDK;
    this.archive = directory.resolve("runner-" + key + (aotCache ? ".aot" : ".jsa"));
    this.temp = directory.resolve(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    this.trainingDir = directory.resolve("training-" + key + "-" + ProcessHandle.current().pid());
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(withoutSharingMode(jvmOptions));
    command.add((aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + temp);
    command.addAll(List.of("-cp", classpath, TaskRunnerMain.class.getName(), "--warm"));
    this.trainingCommand = List.copyOf(command);
    this.ready = Files.isRegularFile(archive);
  }

  /** Makes the archive on a background thread unless it exists already; removes archives of older builds. */
  public RunnerClassArchive prepare() {
    removeStale();
    if (!ready) {
      trainer = new Thread(this::train, "runner-class-archive");
      trainer.setDaemon(true);
      trainer.start();
    }
    return this;
  }

  /** {@code jvmOptions} as a runner should start with them: using the archive once it is ready. */
  public List<String> apply(List<String> jvmOptions) {
    if (!ready) {
      return jvmOptions;
    }
    List<String> options = new ArrayList<>(withoutSharingMode(jvmOptions));
    options.add((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
    return options;
  }

  /** The JVM refuses an AOT cache beside any {@code -Xshare} mode. */
  private List<String> withoutSharingMode(List<String> jvmOptions) {
    return aotCache ? jvmOptions.stream().filter(o -> !o.startsWith("-Xshare:")).toList() : jvmOptions;
  }

  public Path path() {
    return archive;
  }

  public boolean ready() {
    return ready;
  }

  /**
   * Stops a training run still going (the node is closing) and waits for it to clear up after
   * itself; the archive is made on a later start.
   */
  public void close() {
    closed = true;
    Process p = training;
    if (p != null) {
      p.destroyForcibly();
    }
    if (trainer != null) {
      try {
        trainer.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void train() {
    try {
      // A warm runner's run: its warm-up (an echo task), then an exec task handed over on stdin,
      // so the classes of both machines and of the hand-over are in the archive.
      Path task = Files.createDirectories(trainingDir.resolve("task"));
      Files.writeString(task.resolve("task.json"),
          "{\"machine\":\"exec\",\"parameters\":{\"command\":[\"true\"]},\"id\":\"training\"}");
      if (closed) {
        FileTrees.remove(trainingDir);
        return;
      }
      Process p = new ProcessBuilder(trainingCommand).directory(trainingDir.toFile()).redirectErrorStream(true)
          .redirectOutput(trainingDir.resolve("training.out").toFile()).start();
      training = p;
      try (var stdin = p.getOutputStream()) {
        stdin.write((task + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // it died already; its exit code says so below
      }
      if (closed) {
        p.destroyForcibly();
      }
      if (!p.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("runner class archive: the training run took over {} s; runners start without it", TRAINING_SECONDS);
      } else if (p.exitValue() == 0 && Files.isRegularFile(temp)) {
        Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ready = true;
        LOG.info("runner class archive ready: {}", archive);
      } else if (closed) {
        LOG.debug("runner class archive: training stopped by close");
        removeTemp();
      } else {
        LOG.warn("runner class archive: the training run failed (exit {}, see {}); runners start without it",
            p.exitValue(), trainingDir.resolve("training.out"));
        removeTemp();
        return; // keep the training output to read
      }
      FileTrees.remove(trainingDir);
    } catch (IOException e) {
      if (!closed) {
        LOG.warn("runner class archive: cannot make it; runners start without it", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a training run left half made: the archive, and on JDK 25 its {@code .config} beside it. */
  private void removeTemp() throws IOException {
    Files.deleteIfExists(temp);
    Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".config"));
  }

  private void removeStale() {
    try (Stream<Path> entries = Files.list(archive.getParent())) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("runner-") && (name.endsWith(".jsa") || name.endsWith(".aot")) && !p.equals(archive)
            || isTempOfADeadNode(name)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // no directory yet, or an entry went away: nothing stale to remove
    }
  }

  /**
   * A half-written archive of a node killed while training: {@code runner-KEY.jsa.tmp-PID}, or on
   * JDK 25 {@code runner-KEY.aot.tmp-PID} and its {@code .config}.
   */
  private static boolean isTempOfADeadNode(String name) {
    int at = name.lastIndexOf(".tmp-");
    if (!name.startsWith("runner-") || at < 0) {
      return false;
    }
    String pid = name.substring(at + 5);
    pid = pid.endsWith(".config") ? pid.substring(0, pid.length() - ".config".length()) : pid;
    try {
      return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String digest(String java, List<String> jvmOptions, String classpath) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder text = new StringBuilder(java).append('\0').append(String.join("\0", jvmOptions)).append('\0');
      for (String entry : classpath.split(File.pathSeparator)) {
        Path p = Path.of(entry);
        text.append(entry).append('\0').append(p.toFile().length()).append('\0').append(p.toFile().lastModified()).append('\0');
      }
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
