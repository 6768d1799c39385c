package dev.taskrunner.core.runner;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.process.ProcStat;
import dev.taskrunner.core.process.SelfProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The waiting half of a warm runner ({@code TaskRunnerMain --warm}): runs a small echo task on a
 * scratch directory, so every class and call site of a runner's path is loaded and linked before a
 * task comes, then blocks until the node writes one task directory, a line, on its stdin. End of
 * input means no task will come: the node closed its pool or died. While it waits, SIGTERM, SIGINT
 * and SIGHUP end it at once, as they end a JVM that has not started its task yet.
 */
final class WarmStart {
  private static final byte[] SAMPLE_TASK = "{\"machine\":\"echo\",\"parameters\":[\"ECHO warm\"]}"
      .getBytes(StandardCharsets.UTF_8);

  private WarmStart() {}

  /** The task directory the node hands over, or empty if none will come. */
  static Optional<Path> awaitTask(RunnerOptions options) throws IOException {
    long parent = parentPid(); // before the warm-up: the node may die during it
    warmUp(Path.of("warm-up-" + SelfProcess.pid()).toAbsolutePath(), options);
    StopSignals.install(new ExitOnStop());
    watchParent(parent);
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    synchronized (WarmStart.class) {
      handed = true;
    }
    if (line == null || line.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(line).toAbsolutePath());
  }

  /** Guarded by the class: set once a line (or the end of input) came; the watch then ends nothing. */
  private static boolean handed;

  /**
   * Ends this idle runner once its node is gone, however the node died: its stdin ends then too,
   * but a pipe's writing end can outlive the node in a process forked at that instant. A node may
   * also die just after it handed a task over: the line is then in the pipe, or being read, and
   * the task must run. So the runner ends only when, twice a check apart, its parent has changed,
   * no line has been taken and none waits to be read.
   */
  private static void watchParent(long parent) {
    Thread watch = new Thread(new ParentWatch(parent), "parent-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** No lambdas in a warm runner either: its first one costs it ~4 ms, interpreted. */
  private static final class ParentWatch implements Runnable {
    private final long parent;

    ParentWatch(long parent) {
      this.parent = parent;
    }

    @Override
    public void run() {
      boolean orphanSeen = false;
      while (true) {
        boolean orphan = parentPid() != parent && !lineWaiting();
        synchronized (WarmStart.class) {
          if (handed) {
            return;
          }
          if (orphan && orphanSeen) {
            RunnerExit.now(ExitCodes.NO_TASK);
          }
        }
        orphanSeen = orphan;
        try {
          Thread.sleep(PARENT_CHECK_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** While a warm runner waits, a stop signal ends it at once. */
  private static final class ExitOnStop implements java.util.function.IntConsumer {
    @Override
    public void accept(int signal) {
      RunnerExit.now(ExitCodes.canceledBy(signal));
    }
  }

  /**
   * Asked of file descriptor 0 itself: {@code System.in} is a BufferedInputStream whose
   * {@code available()} waits on the lock its blocked {@code read()} holds. Never closed (it would close fd 0).
   */
  private static final java.io.FileInputStream STDIN = new java.io.FileInputStream(java.io.FileDescriptor.in);

  private static boolean lineWaiting() {
    try {
      return STDIN.available() > 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static final long PARENT_CHECK_MILLIS = 250;

  private static long parentPid() {
    // From /proc, not ProcessHandle: its set-up costs an interpreted runner ~17M instructions.
    Optional<ProcStat> self = ProcStat.read(SelfProcess.pid());
    return self.isPresent() ? self.get().ppid() : 0;
  }

  /** A whole run of a small task on {@code scratch}, which is then removed. */
  private static void warmUp(Path scratch, RunnerOptions options) {
    try {
      Files.createDirectory(scratch, AtomicFiles.OWNER_ONLY_DIRECTORY); // not its parents: a pool directory removed under it stays removed
      Files.write(new TaskFiles(scratch).task(), SAMPLE_TASK);
      new TaskRunner(scratch, "warmup", null, options).run();
    } catch (IOException | RuntimeException e) {
      // Only a head start: the task's own run meets and reports any real problem.
    } finally {
      try {
        FileTrees.remove(scratch);
      } catch (IOException e) {
        // the pool directory is cleared at the node's next start
      }
    }
  }
}
