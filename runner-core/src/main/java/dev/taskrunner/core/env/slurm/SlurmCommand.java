package dev.taskrunner.core.env.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Slurm client command ({@code sbatch}, {@code squeue}, {@code sacct}, {@code scancel})
 * and returns what it printed. A command that cannot start or takes longer than {@link #TIMEOUT_SECONDS}
 * is {@link SlurmUnavailableException}; one that exits non-zero is an answer the caller reads
 * (its stderr names the reason).
 */
final class SlurmCommand {
  /** Slurm's clients give up on a silent slurmctld after about 9 s; a little more than that. */
  static final long TIMEOUT_SECONDS = 20;

  /** Reads the commands' output: threads of their own, never the common pool (one thread on 2 cores). */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "slurm-command-output");
    t.setDaemon(true);
    return t;
  });

  private SlurmCommand() {}

  record Result(int exitCode, String out, String err) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The first line of stderr, for messages. */
    String why() {
      String text = err.isBlank() ? out : err;
      return text.strip().lines().findFirst().orElse("exit code " + exitCode);
    }
  }

  /** Runs {@code argv} with {@code stdin} (null: none) and an environment changed by {@code environment}. */
  static Result run(List<String> argv, String stdin, java.util.function.Consumer<Map<String, String>> environment)
      throws SlurmUnavailableException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    if (environment != null) {
      environment.accept(builder.environment());
    }
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SlurmUnavailableException(argv.get(0) + ": cannot run it (" + e.getMessage() + "); is Slurm's client installed?");
    }
    try {
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SlurmUnavailableException(argv.get(0) + ": no answer within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      process.destroyForcibly();
      throw new SlurmUnavailableException(argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SlurmUnavailableException(argv.get(0) + ": interrupted");
    }
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, READERS);
  }
}
