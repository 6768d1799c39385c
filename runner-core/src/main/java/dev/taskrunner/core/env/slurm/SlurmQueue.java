package dev.taskrunner.core.env.slurm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slurm's record of this node's jobs, read with one {@code squeue -t all} for all of them (not one
 * per task and check) and kept for {@link #MAX_AGE_NANOS}; a job no longer in it (it ended more than
 * {@code MinJobAge} ago) is looked up in the job completion log ({@code sacct -c}, read whole once for
 * all such jobs and kept for {@link #LOG_MAX_AGE_NANOS}: a restart adopting thousands of finished
 * tasks reads it once, not once a task). While Slurm does
 * not answer, reads are tried again only after a back-off (1 s doubling to 30 s) and every caller
 * gets {@link SlurmUnavailableException}: no fact, never a verdict. Thread-safe (one lock).
 */
final class SlurmQueue {
  static final long MAX_AGE_NANOS = 500_000_000L;
  static final long LOG_MAX_AGE_NANOS = 10_000_000_000L;
  private static final long MIN_BACKOFF_NANOS = 1_000_000_000L;
  private static final long MAX_BACKOFF_NANOS = 30_000_000_000L;
  /** Fields separated by a character no state, reason or job name holds; the working directory comes last. */
  private static final String FORMAT = "%i|%T|%r|%j|%Z";

  /** Guarded by this. */
  private Map<String, JobInfo> jobs;
  private long takenAtNanos;
  private long retryAtNanos;
  private long backoffNanos;
  private String lastFailure;
  private Map<String, JobInfo> completedLog;
  private long logTakenAtNanos;

  /**
   * Slurm's word on {@code jobId}: from a reading begun after {@code notBeforeNanos} (a job submitted
   * then must be in it), the queue's or else the completion log's; empty when Slurm knows no such job.
   */
  synchronized Optional<JobInfo> job(String jobId, long notBeforeNanos) throws SlurmUnavailableException {
    Map<String, JobInfo> now = snapshot(notBeforeNanos);
    JobInfo info = now.get(jobId);
    return info != null ? Optional.of(info) : completed(jobId);
  }

  /** Every job Slurm lists now (fresh), for a search by name and directory. */
  synchronized Map<String, JobInfo> all() throws SlurmUnavailableException {
    return snapshot(System.nanoTime());
  }

  /** Forgets the reading, so the next one is fresh (after a submission or a cancel). */
  synchronized void invalidate() {
    jobs = null;
  }

  private Map<String, JobInfo> snapshot(long notBeforeNanos) throws SlurmUnavailableException {
    long now = System.nanoTime();
    if (jobs != null && takenAtNanos - notBeforeNanos >= 0 && now - takenAtNanos < MAX_AGE_NANOS) {
      return jobs;
    }
    if (lastFailure != null && now - retryAtNanos < 0) {
      throw new SlurmUnavailableException(lastFailure + " (trying again shortly)");
    }
    long started = System.nanoTime();
    SlurmCommand.Result r;
    try {
      r = SlurmCommand.run(List.of("squeue", "--me", "-h", "-t", "all", "-o", FORMAT), null, null);
    } catch (SlurmUnavailableException e) {
      fail(e.getMessage());
      throw e;
    }
    if (!r.ok()) {
      fail("squeue: " + r.why());
      throw new SlurmUnavailableException(lastFailure);
    }
    Map<String, JobInfo> read = new HashMap<>();
    r.out().lines().forEach(line -> {
      String[] f = line.split("\\|", 5);
      if (f.length == 5) {
        read.put(f[0].strip(), new JobInfo(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), f[4].strip()));
      }
    });
    jobs = read;
    takenAtNanos = started;
    lastFailure = null;
    backoffNanos = 0;
    return jobs;
  }

  private void fail(String why) {
    lastFailure = why;
    backoffNanos = Math.min(MAX_BACKOFF_NANOS, Math.max(MIN_BACKOFF_NANOS, backoffNanos * 2));
    retryAtNanos = System.nanoTime() + backoffNanos;
  }

  /**
   * The job completion log's word ({@code sacct -c}, which needs no database). Empty when it has no
   * such job, or when the cluster keeps no such log (then a job that left the queue is unknown).
   */
  private Optional<JobInfo> completed(String jobId) throws SlurmUnavailableException {
    long now = System.nanoTime();
    if (completedLog == null || now - logTakenAtNanos >= LOG_MAX_AGE_NANOS) {
      SlurmCommand.Result r = SlurmCommand.run(List.of("sacct", "-c", "-n", "-P", "-S", "2000-01-01",
          "-o", "jobid,state,jobname,workdir"), null, null);
      Map<String, JobInfo> read = new HashMap<>();
      if (r.ok()) { // else the cluster keeps no such log: a job that left the queue is unknown
        r.out().lines().map(line -> line.split("\\|", 4)).filter(f -> f.length == 4).forEach(f -> {
          String id = f[0].strip();
          read.put(id, new JobInfo(id, f[1].strip().split(" ")[0], "", f[2].strip(), f[3].strip()));
        });
      }
      completedLog = read;
      logTakenAtNanos = now;
    }
    return Optional.ofNullable(completedLog.get(jobId));
  }
}
