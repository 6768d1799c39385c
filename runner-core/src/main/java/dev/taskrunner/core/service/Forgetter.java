package dev.taskrunner.core.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Disposes of a deleted task's directory: moved to {@code WORK_ROOT/.archive/ID-EPOCHMILLIS}
 * (the default; recovery skips names that start with a dot, which no task id can), or removed.
 */
final class Forgetter {
  static final String ARCHIVE = ".archive";
  private final NodeConfig config;

  Forgetter(NodeConfig config) {
    this.config = config;
  }

  void forget(Path dir, Instant now) {
    try {
      if (config.archiveOnDelete()) {
        Path archive = Files.createDirectories(config.workRoot().resolve(ARCHIVE));
        Files.move(dir, archive.resolve(dir.getFileName() + "-" + now.toEpochMilli()));
      } else {
        removeTree(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot dispose of " + dir, e);
    }
  }

  private static void removeTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
