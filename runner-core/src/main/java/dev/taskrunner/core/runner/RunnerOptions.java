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
 * @param taskUser the user the task's processes run as (the runner must be root), or {@code null}
 *     for the runner's own
 * @param inPlace run the task's processes in the task directory itself rather than in its
 *     {@code work/} folder (the CLI runs a task where the user stands)
 * @param slurmJob the Slurm job this runner runs in, or {@code null}: the task's processes are then
 *     marked with a cookie made of the job (which the node recorded) rather than of this runner's
 *     pid (which the node, on another host, never saw)
 */
public record RunnerOptions(Duration heartbeat, Duration killGrace, boolean echoOutput, boolean freshOnly, Clock clock,
    long maxOutputBytes, String taskUser, boolean inPlace, String slurmJob) {
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
    return new RunnerOptions(DEFAULT_HEARTBEAT, DEFAULT_KILL_GRACE, false, true, Clock.systemUTC(), DEFAULT_MAX_OUTPUT_BYTES,
        null, false, null);
  }

  /** Without a Slurm job: as before there were batch jobs. */
  public RunnerOptions(Duration heartbeat, Duration killGrace, boolean echoOutput, boolean freshOnly, Clock clock,
      long maxOutputBytes, String taskUser, boolean inPlace) {
    this(heartbeat, killGrace, echoOutput, freshOnly, clock, maxOutputBytes, taskUser, inPlace, null);
  }

  public RunnerOptions withSlurmJob(String value) {
    return new RunnerOptions(heartbeat, killGrace, echoOutput, freshOnly, clock, maxOutputBytes, taskUser, inPlace, value);
  }

  public RunnerOptions withHeartbeat(Duration value) {
    return new RunnerOptions(value, killGrace, echoOutput, freshOnly, clock, maxOutputBytes, taskUser, inPlace, slurmJob);
  }

  public RunnerOptions withKillGrace(Duration value) {
    return new RunnerOptions(heartbeat, value, echoOutput, freshOnly, clock, maxOutputBytes, taskUser, inPlace, slurmJob);
  }

  /**
   * What the standalone CLI uses: echo to the terminal, run again in a directory that ran before,
   * the task's processes in that directory itself.
   */
  public RunnerOptions forTerminal() {
    return new RunnerOptions(heartbeat, killGrace, true, false, clock, maxOutputBytes, taskUser, true, slurmJob);
  }

  public RunnerOptions withTaskUser(String value) {
    return new RunnerOptions(heartbeat, killGrace, echoOutput, freshOnly, clock, maxOutputBytes, value, inPlace, slurmJob);
  }

  public RunnerOptions withMaxOutputBytes(long value) {
    return new RunnerOptions(heartbeat, killGrace, echoOutput, freshOnly, clock, value, taskUser, inPlace, slurmJob);
  }
}
