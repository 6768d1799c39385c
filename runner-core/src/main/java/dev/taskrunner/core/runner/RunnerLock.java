package dev.taskrunner.core.runner;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.layout.TaskFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on {@code runner.lock} in a task directory, held by the one runner of that
 * directory for its whole life. The operating system drops it when the process dies, however it
 * dies, so a held lock also proves a live runner.
 */
public final class RunnerLock implements AutoCloseable {
  /** Lock files this JVM has open, held or being probed. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunnerLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or {@code null} when another runner holds it. */
  public static RunnerLock tryAcquire(Path taskDirectory) throws IOException {
    Path file = new TaskFiles(taskDirectory).lock().toAbsolutePath().normalize();
    // Closing any channel on a file drops this process's POSIX lock on it, so a lock this JVM
    // holds must never be probed through a second channel.
    if (!HELD_HERE.add(file)) {
      return null;
    }
    try {
      // Never through a link a task put in its place: no file outside the task directory is created.
      FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS), AtomicFiles.OWNER_ONLY);
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return new RunnerLock(file, channel, lock);
        }
      } catch (OverlappingFileLockException e) {
        // held by this very JVM: just as taken
      }
      channel.close();
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(file);
      throw e;
    }
    HELD_HERE.remove(file);
    return null;
  }

  /** True when a live process holds the lock of {@code taskDirectory}; never takes it for long. */
  public static boolean isHeld(Path taskDirectory) throws IOException {
    if (!Files.exists(new TaskFiles(taskDirectory).lock(), LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (RunnerLock probe = tryAcquire(taskDirectory)) {
      return probe == null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD_HERE.remove(file);
    }
  }
}
