package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskDefinition;
import dev.taskrunner.core.task.TaskDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every task directory under the work root in its state at node start, reading them in
 * parallel: a finished status is {@code exited}; a status whose runner (same pid, same start
 * time) lives is {@code running} or {@code stalled}, re-attached; a status whose runner is gone is
 * {@code lost}; no status and never launched is {@code queued}; launched but no status yet is
 * {@code running} until the scheduler sees the runner's first write or gives up on it. A directory
 * that cannot be read is {@code lost} with the reason, and never stops the node from starting.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private final NodeConfig config;
  private final Environment environment;
  private final Clock clock;

  Recovery(NodeConfig config, Environment environment, Clock clock) {
    this.config = config;
    this.environment = environment;
    this.clock = clock;
  }

  List<TaskRecord> scan() {
    List<Path> dirs;
    try (Stream<Path> entries = Files.list(config.workRoot())) {
      dirs = entries.filter(p -> TaskDefinitions.ID.matcher(p.getFileName().toString()).matches()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the work root " + config.workRoot(), e);
    }
    List<TaskRecord> records = new ArrayList<>(dirs.parallelStream().filter(Files::isDirectory).map(this::recover).toList());
    records.sort(Comparator.comparingLong(TaskRecord::seq).thenComparing(r -> r.id));
    // Broken directories (seq -1) go last; a seq seen twice (a copied directory) gets a fresh one.
    long max = records.stream().mapToLong(TaskRecord::seq).max().orElse(0);
    long previous = 0;
    List<TaskRecord> renumbered = new ArrayList<>();
    for (TaskRecord r : records) {
      if (r.seq() <= previous) {
        r.marks = r.marks.withSeq(++max);
        renumbered.add(r);
      } else {
        previous = r.seq();
      }
    }
    records.removeAll(renumbered);
    records.addAll(renumbered);
    records.parallelStream().forEach(r -> {
      r.startReported = r.status != null; // started under an earlier node: counted there
      r.publish(clock, config.maxOutputBytes());
    });
    return records;
  }

  private TaskRecord recover(Path path) {
    String id = path.getFileName().toString();
    TaskDirectory dir = new TaskDirectory(path);
    NodeMarks marks;
    try {
      marks = dir.readMarks();
    } catch (IOException | RuntimeException e) {
      marks = null;
    }
    if (marks == null) {
      return broken(id, dir, null, "incomplete task directory: " + TaskDirectory.MARKS_FILE + " is missing or unreadable");
    }
    TaskDefinition definition;
    try {
      definition = TaskDefinitions.parseAccepted(dir.readTask());
    } catch (NoSuchFileException e) {
      return broken(id, dir, marks, "incomplete task directory: task.json is missing (the node stopped while accepting it)");
    } catch (IOException | RuntimeException e) {
      return broken(id, dir, marks, "task.json cannot be used: " + e.getMessage());
    }
    TaskRecord r = new TaskRecord(id, dir, definition, marks, TaskState.QUEUED);
    try {
      place(r);
    } catch (RuntimeException e) {
      LOG.warn("task {}: cannot recover it", id, e);
      r.state = TaskState.LOST;
      r.reason = "cannot recover: " + e.getMessage();
    }
    return r;
  }

  private void place(TaskRecord r) {
    String lostReason = r.dir.readLost();
    StatusRead read = r.dir.status().read();
    if (read instanceof StatusRead.Present) {
      r.status = ((StatusRead.Present) read).status();
    }
    if (lostReason != null) {
      r.state = TaskState.LOST;
      r.reason = lostReason;
    } else if (read instanceof StatusRead.Corrupt) {
      r.state = TaskState.LOST;
      r.reason = ((StatusRead.Corrupt) read).reason();
    } else if (r.status != null && r.status.finished()) {
      r.state = TaskState.EXITED;
    } else if (r.status != null) {
      adopt(r);
    } else if (r.marks.launchedAt() == null) {
      r.state = TaskState.QUEUED;
      if (r.marks.stopRequestedAt() != null) {
        finish(r, Outcome.CANCELED, null);
      }
    } else {
      // Launched, no status yet: the runner may still be starting. The scheduler decides.
      r.state = r.marks.stopRequestedAt() != null ? TaskState.STOPPING : TaskState.RUNNING;
    }
  }

  private void adopt(TaskRecord r) {
    Optional<RunnerHandle> runner = environment.attach(r.status);
    if (runner.isPresent()) {
      r.runner = runner.get();
      boolean stalled = r.status.updatedAt() != null
          && Duration.between(r.status.updatedAt(), clock.instant()).compareTo(config.stallThreshold()) > 0;
      r.state = r.marks.stopRequestedAt() != null ? TaskState.STOPPING : stalled ? TaskState.STALLED : TaskState.RUNNING;
    } else if (r.marks.stopRequestedAt() != null) {
      finish(r, Outcome.CANCELED, "stopped by the node; the runner ended without recording it");
    } else {
      // The runner refuses any directory with a status, so no fencing is needed here.
      r.reason = "the runner (pid " + r.status.pid() + ") is gone and left no final status";
      r.dir.writeLost(r.reason, clock.instant());
      r.state = TaskState.LOST;
    }
  }

  private void finish(TaskRecord r, Outcome outcome, String reason) {
    Instant now = clock.instant();
    TaskStatus end = r.status != null ? r.status.finish(now, null, outcome, reason)
        : new TaskStatus(TaskStatus.CURRENT_VERSION, r.id, 0, null, null, null, now, now, null, outcome, reason, null);
    r.dir.status().write(end, true);
    r.status = end;
    r.state = TaskState.EXITED;
  }

  /** A directory that is not a usable task: kept visible as lost, at the end of the order. */
  private TaskRecord broken(String id, TaskDirectory dir, NodeMarks marks, String reason) {
    LOG.warn("task {}: {}", id, reason);
    NodeMarks m = marks != null ? marks : new NodeMarks(-1, modified(dir.path()), null, null);
    TaskRecord r = new TaskRecord(id, dir, null, m, TaskState.LOST);
    r.reason = reason;
    return r;
  }

  private static Instant modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }
}
