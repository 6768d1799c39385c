package dev.taskrunner.core.service;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.layout.WorkRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Disposes of a deleted task's directory: moved to {@code WORK_ROOT/.archive/ID-EPOCHMILLIS}
 * (the default; recovery skips names that start with a dot, which no task id can), or removed.
 */
final class Forgetter {
  private final NodeConfig config;

  Forgetter(NodeConfig config) {
    this.config = config;
  }

  void forget(Path dir, Instant now) {
    try {
      if (config.archiveOnDelete()) {
        Path archive = Files.createDirectories(new WorkRoot(config.workRoot()).archive(), AtomicFiles.OWNER_ONLY_DIRECTORY);
        Files.move(dir, archive.resolve(dir.getFileName() + "-" + now.toEpochMilli()));
      } else {
        FileTrees.remove(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot dispose of " + dir, e);
    }
  }

  /** Removes archived directories archived before {@code cutoff}; returns how many. */
  int pruneArchive(Instant cutoff) {
    Path archive = new WorkRoot(config.workRoot()).archive();
    if (!Files.isDirectory(archive)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> entries = Files.list(archive)) {
      for (Path entry : entries.toList()) {
        if (archivedAt(entry).isBefore(cutoff)) {
          FileTrees.remove(entry);
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune " + archive, e);
    }
    return removed;
  }

  /** The time in an archive name, {@code ID-EPOCHMILLIS}; names not of that form are kept. */
  private static Instant archivedAt(Path entry) {
    String name = entry.getFileName().toString();
    try {
      return Instant.ofEpochMilli(Long.parseLong(name.substring(name.lastIndexOf('-') + 1)));
    } catch (RuntimeException e) {
      return Instant.MAX;
    }
  }

}
