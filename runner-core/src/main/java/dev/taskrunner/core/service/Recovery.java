package dev.taskrunner.core.service;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.service.Verdicts.Ending;
import dev.taskrunner.core.service.Verdicts.Verdict;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.task.TaskDefinitions;
import dev.taskrunner.core.task.TaskSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every task directory under the work root in its state at node start, reading them in
 * parallel, each by the same {@link Verdicts} the live monitor uses (through {@link Lifecycle}):
 * the runner the node recorded is re-attached only if the kernel confirms it. A directory that
 * cannot be read is {@code lost} with the reason, and never stops the node from starting. A task
 * the {@link FinishedIndex} holds, in a directory unchanged since, is taken from there instead.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private final NodeConfig config;
  private final Lifecycle lifecycle;
  private final Clock clock;

  private final FinishedIndex.Loaded index;

  Recovery(NodeConfig config, Lifecycle lifecycle, Clock clock, FinishedIndex.Loaded index) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.clock = clock;
    this.index = index;
  }

  List<TaskRecord> scan() {
    List<Path> dirs;
    try (Stream<Path> entries = Files.list(config.workRoot())) {
      dirs = entries.filter(p -> isTaskId(p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the work root " + config.workRoot(), e);
    }
    List<TaskRecord> records = new ArrayList<>(dirs.parallelStream().map(this::recover).filter(Objects::nonNull).toList());
    long fromIndex = records.stream().filter(r -> r.indexed == FinishedIndex.Mark.YES).count();
    LOG.info("recovery: {} of {} task directories taken from the index of finished tasks{}", fromIndex, records.size(),
        index.unusable() == null ? "" : " (not used: " + index.unusable() + ")");
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

  /**
   * Whether a name under the work root is a task's. One the index holds was a task's id when the
   * node indexed it; only the others are matched against the rule (ten thousand matches would
   * have the JIT compile the regex engine during the restart).
   */
  private boolean isTaskId(String name) {
    return index.entry(name) != null || TaskDefinitions.ID.matcher(name).matches();
  }

  /** The task in this directory; null for something else than a directory. */
  private TaskRecord recover(Path path) {
    String id = path.getFileName().toString();
    TaskDirectory dir = new TaskDirectory(path);
    IndexEntry entry = index.entry(id);
    TaskRecord indexed = entry == null ? null : fromIndex(id, dir, entry);
    if (indexed != null) {
      return indexed;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    NodeMarks marks;
    try {
      marks = dir.readMarks();
    } catch (IOException | RuntimeException e) {
      marks = null;
    }
    if (marks == null) {
      return broken(id, dir, null, "incomplete task directory: " + TaskFiles.NODE + " is missing or unreadable");
    }
    TaskSummary summary;
    try {
      if (!TaskFiles.isRegular(dir.files().task())) {
        throw new NoSuchFileException(dir.files().task().toString());
      }
      // The node's own record holds the summary; a task.json (perhaps a megabyte) is read only for
      // a directory written before it did.
      summary = marks.summary() != null ? marks.summary() : dir.readSummary();
    } catch (NoSuchFileException e) {
      String lost = dir.readLost(); // a directory the node made again for a task whose own was removed
      return broken(id, dir, marks, lost != null ? lost
          : "incomplete task directory: task.json is missing (the node stopped while accepting it)");
    } catch (IOException | RuntimeException e) {
      return broken(id, dir, marks, "task.json cannot be used: " + e.getMessage());
    }
    TaskRecord r = new TaskRecord(id, dir, summary, marks, TaskState.QUEUED);
    try {
      Verdict v = lifecycle.check(r, false);
      if (lifecycle.record(r, v)) { // records nothing for a verdict that ends nothing
        r.state = v.state();
        r.reason = v.reason();
      } else {
        // A runner holds the directory after all: watched, and decided again, by the scheduler.
        r.state = r.marks.stopRequestedAt() != null ? TaskState.STOPPING : TaskState.RUNNING;
      }
    } catch (RuntimeException e) {
      LOG.warn("task {}: cannot recover it", id, e);
      r.state = TaskState.LOST;
      r.reason = "cannot recover: " + e.getMessage();
    }
    return r;
  }

  /**
   * The task as its index entry says, if the directory still holds what the entry was read from
   * and the verdict from it is final with nothing to record; else null (read the slow way).
   */
  private TaskRecord fromIndex(String id, TaskDirectory dir, IndexEntry entry) {
    if (!entry.matches(dir.files())) {
      return null;
    }
    NodeMarks marks = entry.marks();
    if (marks.summary() == null) {
      return null;
    }
    TaskRecord r = new TaskRecord(id, dir, marks.summary(), marks, TaskState.QUEUED);
    StatusRead status = entry.lostReason() != null ? new StatusRead.Missing() : new StatusRead.Present(entry.status());
    Verdict v = lifecycle.settled(r, entry.lostReason(), status);
    if (!v.state().isFinal() || (v.ending() != Ending.NONE && v.ending() != Ending.RUNNER_STATUS)) {
      return null;
    }
    r.state = v.state();
    r.reason = v.reason();
    r.indexed = FinishedIndex.Mark.YES;
    return r;
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
