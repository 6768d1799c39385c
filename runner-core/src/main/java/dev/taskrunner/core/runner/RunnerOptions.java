package dev.taskrunner.core.runner;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link TaskRunner} behaves around its task.
 *
 * @param heartbeat how often {@code status.json} is rewritten while the task runs (default 2 s)
 * @param killGrace how long the task's processes get after SIGTERM before SIGKILL (default 5 s,
 *     shorter than the node's own grace so the runner can still write its final status)
 * @param echoOutput also copy the output to this process's stdout (the CLI does)
 * @param freshOnly refuse a directory that already has a status file: a node-launched runner
 *     must never run a task a second time; the CLI re-runs in place
 * @param clock the time source for status records
 * @param maxOutputBytes the most output {@code output.log} keeps (default 64 MiB)
 */
public record RunnerOptions(Duration heartbeat, Duration killGrace, boolean echoOutput, boolean freshOnly, Clock clock,
    long maxOutputBytes) {
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  public RunnerOptions {
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
    }
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("killGrace must not be negative, got " + killGrace);
    }
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("maxOutputBytes must be positive, got " + maxOutputBytes);
    }
  }

  /** What a node-launched runner uses. */
  public static RunnerOptions defaults() {
    return new RunnerOptions(DEFAULT_HEARTBEAT, DEFAULT_KILL_GRACE, false, true, Clock.systemUTC(), DEFAULT_MAX_OUTPUT_BYTES);
  }

  public RunnerOptions withHeartbeat(Duration value) {
    return new RunnerOptions(value, killGrace, echoOutput, freshOnly, clock, maxOutputBytes);
  }

  public RunnerOptions withKillGrace(Duration value) {
    return new RunnerOptions(heartbeat, value, echoOutput, freshOnly, clock, maxOutputBytes);
  }

  /** What the standalone CLI uses: echo to the terminal, run again in a directory that ran before. */
  public RunnerOptions forTerminal() {
    return new RunnerOptions(heartbeat, killGrace, true, false, clock, maxOutputBytes);
  }

  public RunnerOptions withMaxOutputBytes(long value) {
    return new RunnerOptions(heartbeat, killGrace, echoOutput, freshOnly, clock, value);
  }
}
