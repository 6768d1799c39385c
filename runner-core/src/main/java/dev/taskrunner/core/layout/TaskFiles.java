package dev.taskrunner.core.layout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one place that names the files of a task directory. The node's and the runner's files stay
 * at the top; the task's own processes run in {@link #work()} and, behaving, never touch them:
 * <pre>
 *   TASK_DIR/task.json     the definition as accepted (node)
 *   TASK_DIR/node.json     the node's record: order, times, the runner's identity (node)
 *   TASK_DIR/status.json   the runner's record, rewritten atomically (runner)
 *   TASK_DIR/output.log    the task's output (runner)
 *   TASK_DIR/runner.lock   held for the runner's whole life (runner)
 *   TASK_DIR/runner.log    the runner's diagnostics; runner.out its JVM's stdout/stderr
 *   TASK_DIR/lost.json     why the node gave up on the task (node)
 *   TASK_DIR/work/         the task's working directory (the task)
 * </pre>
 * Files here are read through {@link #openRegular}, which never follows a symbolic link and
 * refuses anything but a regular file: a task that swaps a control file for a link to
 * {@code /etc/shadow} or a FIFO gets nothing served and blocks no one.
 */
public record TaskFiles(Path dir) {
  public static final String TASK = "task.json";
  public static final String NODE = "node.json";
  public static final String STATUS = "status.json";
  public static final String OUTPUT = "output.log";
  public static final String LOCK = "runner.lock";
  public static final String RUNNER_LOG = "runner.log";
  public static final String RUNNER_OUT = "runner.out";
  public static final String LOST = "lost.json";
  public static final String WORK = "work";

  public Path task() {
    return dir.resolve(TASK);
  }

  public Path node() {
    return dir.resolve(NODE);
  }

  public Path status() {
    return dir.resolve(STATUS);
  }

  public Path output() {
    return dir.resolve(OUTPUT);
  }

  public Path lock() {
    return dir.resolve(LOCK);
  }

  public Path runnerLog() {
    return dir.resolve(RUNNER_LOG);
  }

  public Path runnerOut() {
    return dir.resolve(RUNNER_OUT);
  }

  public Path lost() {
    return dir.resolve(LOST);
  }

  public Path work() {
    return dir.resolve(WORK);
  }

  /** The task's id: the directory's name. */
  public String id() {
    return dir.getFileName().toString();
  }

  /** True when the directory is there and is a directory, not a link to one. */
  public boolean present() {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
  }

  /** True when {@code file} exists as a regular file (a link, even to a regular file, is not). */
  public static boolean isRegular(Path file) {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Opens {@code file} for reading without following a link, only if it is a regular file.
   *
   * @throws java.nio.file.NoSuchFileException it does not exist
   * @throws NotARegularFileException it is a link, a FIFO, a device or a directory
   */
  public static FileChannel openRegular(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new NotARegularFileException(file);
    }
    // NOFOLLOW_LINKS opens with O_NOFOLLOW: a link put in place since the check fails here.
    return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /** Reads a whole control file through {@link #openRegular}, at most {@code max} bytes. */
  public static byte[] readRegular(Path file, int max) throws IOException {
    try (FileChannel channel = openRegular(file)) {
      long size = channel.size();
      if (size > max) {
        throw new FileSystemException(file.toString(), null, "larger than " + max + " bytes");
      }
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // until full or the file ends early
      }
      return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  /** A path where a regular file was expected holds something else (a link, a FIFO, a directory). */
  public static final class NotARegularFileException extends FileSystemException {
    public NotARegularFileException(Path file) {
      super(file.toString(), null, "not a regular file (a link, a FIFO, a device or a directory); not opened");
    }
  }
}
