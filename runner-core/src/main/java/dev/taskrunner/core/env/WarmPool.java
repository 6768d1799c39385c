package dev.taskrunner.core.env;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.layout.TaskFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runner JVMs started ahead of demand, so a task's runner is already up when the task comes. Each
 * warm runner ({@code TaskRunnerMain --warm}) waits for one task directory on its stdin, then runs
 * that task exactly as a runner started for it would (same lock, same status file, the task's
 * processes in the task's directory) and exits: a task never shares a JVM.
 *
 * <p>A warm runner's own stdout and stderr go to a file in the pool directory, moved to the task's
 * {@code runner.out} when the runner takes the task (the open file follows the rename). An idle
 * runner exits when its stdin ends, so a node that closes its pool or dies leaves none behind; one
 * that dies while idle is replaced, after a growing pause if they keep dying.
 */
final class WarmPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
  private static final String OUT_PREFIX = "warm-";
  private static final long MAX_PAUSE_MS = 60_000;
  private static final long CLOSE_WAIT_MS = 3_000;
  private final int size;
  private final Path directory;
  private final Supplier<List<String>> command;
  private final ScheduledExecutorService starter;
  private final AtomicLong sequence = new AtomicLong();
  // guarded by this
  private final Deque<Warm> idle = new ArrayDeque<>();
  private int starting;
  private int deaths;
  private boolean refillPending;
  private boolean closed;
  private int backlog;

  private record Warm(Process process, Path out) {}

  /**
   * @param size how many runners to keep waiting (at least 1)
   * @param directory where warm runners run and write their output until they take a task
   * @param command the command of a warm runner, asked anew for each (a class archive may have
   *     become ready since the last)
   */
  WarmPool(int size, Path directory, Supplier<List<String>> command) {
    this.size = size;
    this.directory = directory;
    this.command = command;
    this.starter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "warm-pool");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Ends the idle warm runners an earlier node left (one killed while its runners were starting may
   * leave some), clears what they left in the pool directory and starts filling the pool.
   */
  void start() throws IOException {
    Files.createDirectories(directory, AtomicFiles.OWNER_ONLY_DIRECTORY);
    int ended = EarlierWarmRunners.end(directory);
    if (ended > 0) {
      LOG.info("ended {} idle warm runners an earlier node left in {}", ended, directory);
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path p : entries.toList()) {
        if (p.getFileName().toString().startsWith(OUT_PREFIX)) { // output files and warm-up directories
          FileTrees.remove(p);
        }
      }
    }
    refill();
  }


  /**
   * Hands {@code taskDirectory} to an idle runner and returns its process, or {@code null} if no
   * runner is idle (the caller starts one for the task). Starts a replacement either way.
   */
  Process handOff(Path taskDirectory) {
    String line = taskDirectory.toAbsolutePath() + "\n";
    if (line.indexOf('\n') != line.length() - 1) {
      return null;
    }
    try {
      while (true) {
        Warm warm = take();
        if (warm == null) {
          return null;
        }
        try (OutputStream stdin = warm.process.getOutputStream()) {
          stdin.write(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          warm.process.destroyForcibly(); // it died idle; its exit is counted by idleExited
          continue;
        }
        moveOut(warm, new TaskFiles(taskDirectory).runnerOut());
        return warm.process;
      }
    } finally {
      refill();
    }
  }

  private synchronized Warm take() {
    Warm warm = idle.poll();
    if (warm != null) {
      deaths = 0;
    }
    return warm;
  }

  private static void moveOut(Warm warm, Path target) {
    try {
      Files.move(warm.out, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("warm runner {}: cannot move its output {} to {}", warm.process.pid(), warm.out, target, e);
    }
  }

  /**
   * Tasks waiting for a runner slot: while there are any, the pool is not refilled (each would
   * get a runner started for it as soon as a slot frees; a warm one only adds its warm-up's CPU).
   * Refills once none wait.
   */
  void backlog(int waiting) {
    synchronized (this) {
      backlog = waiting;
    }
    refill();
  }

  /** Starts as many runners as the pool lacks, unless tasks wait for slots or a pause after deaths is pending. */
  private synchronized void refill() {
    if (closed || refillPending || backlog > 0) {
      return;
    }
    for (int lacking = size - idle.size() - starting; lacking > 0; lacking--) {
      starting++;
      starter.execute(this::startOne);
    }
  }

  private void startOne() {
    Path out = directory.resolve(OUT_PREFIX + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet() + ".out");
    Process process;
    try {
      AtomicFiles.createOwnerOnly(out); // the runner's output is the node's alone, whatever the umask
      ProcessBuilder builder = new ProcessBuilder(command.get())
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
      RunnerEnvironment.clean(builder.environment());
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot start a warm runner; tasks start their own runners meanwhile", e);
      synchronized (this) {
        starting--;
      }
      died();
      return;
    }
    Warm warm = new Warm(process, out);
    boolean late;
    synchronized (this) {
      starting--;
      late = closed;
      if (!late) {
        idle.add(warm);
      }
    }
    if (late) { // the pool closed while it started: close waits for this, so it is gone when close returns
      end(warm, System.nanoTime());
      return;
    }
    process.onExit().thenRun(() -> idleExited(warm));
  }

  /** A runner's exit: if it was still idle, it died waiting; replace it. */
  private void idleExited(Warm warm) {
    synchronized (this) {
      if (!idle.remove(warm)) {
        return; // it had taken a task, or the pool is closed
      }
    }
    try {
      Files.deleteIfExists(warm.out);
    } catch (IOException e) {
      // cleared at the next start
    }
    LOG.warn("warm runner {} exited while idle (code {}); replacing it", warm.process.pid(), warm.process.exitValue());
    died();
  }

  /** Refills after a pause that doubles with each death in a row, so a broken runner cannot spin. */
  private void died() {
    long pause;
    synchronized (this) {
      if (closed || refillPending) {
        return;
      }
      deaths++;
      pause = Math.min(MAX_PAUSE_MS, 500L << Math.min(deaths - 1, 10));
      refillPending = true;
    }
    starter.schedule(() -> {
      synchronized (this) {
        refillPending = false;
      }
      refill();
    }, pause, TimeUnit.MILLISECONDS);
  }

  /** How many runners are waiting for a task now. */
  synchronized int idle() {
    return idle.size();
  }

  /**
   * Ends the idle runners (their stdin closes; nothing ran in them) and waits a little for them to
   * go, so none still writes in the pool directory when this returns. Runners with tasks go on.
   */
  @Override
  public void close() {
    List<Warm> ending;
    synchronized (this) {
      closed = true;
      ending = List.copyOf(idle);
      idle.clear();
    }
    starter.shutdownNow();
    try {
      starter.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS); // a start under way ends its runner
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Warm warm : ending) {
      try {
        warm.process.getOutputStream().close();
      } catch (IOException e) {
        warm.process.destroy();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
    for (Warm warm : ending) {
      end(warm, deadline);
    }
  }

  /** Waits until {@code deadline} for a runner told to go (one still warming up finishes first), then kills it. */
  private static void end(Warm warm, long deadline) {
    try {
      if (!warm.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        warm.process.destroyForcibly().onExit().join();
      }
    } catch (InterruptedException e) {
      warm.process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(warm.out);
    } catch (IOException e) {
      // cleared at the next start
    }
  }
}
