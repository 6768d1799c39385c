package dev.taskrunner.core.runner;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code runner.lock} in a task directory, held by the one runner of that
 * directory for its whole life. The operating system drops it when the process dies, however it
 * dies, so a held lock also proves a live runner.
 */
public final class RunnerLock implements AutoCloseable {
  public static final String NAME = "runner.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private RunnerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or {@code null} when another runner holds it. */
  public static RunnerLock tryAcquire(Path taskDirectory) throws IOException {
    FileChannel channel = FileChannel.open(taskDirectory.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new RunnerLock(channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // held by this very JVM: just as taken
    }
    channel.close();
    return null;
  }

  /** True when a live process holds the lock of {@code taskDirectory}; never takes it for long. */
  public static boolean isHeld(Path taskDirectory) throws IOException {
    if (!taskDirectory.resolve(NAME).toFile().exists()) {
      return false;
    }
    try (RunnerLock probe = tryAcquire(taskDirectory)) {
      return probe == null;
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
