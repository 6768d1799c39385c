package dev.taskrunner.core.service;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.runner.TaskRunner;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.task.TaskDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One task's directory as the node sees it. Besides the runner's files ({@code task.json},
 * {@code status.json}, {@code output.log}) the node keeps {@code node.json} (its {@link NodeMarks})
 * and, for a task it gave up on, {@code lost.json} with the reason.
 */
final class TaskDirectory {
  static final String MARKS_FILE = "node.json";
  /** Where task directories are made before they are renamed into the work root. */
  static final String INCOMING = ".incoming";
  private static final AtomicLong STAGED = new AtomicLong();
  private final Path dir;
  private final StatusFile status;

  TaskDirectory(Path dir) {
    this.dir = dir;
    this.status = new StatusFile(dir);
  }

  Path path() {
    return dir;
  }

  StatusFile status() {
    return status;
  }

  /**
   * Makes the directory whole, with {@code node.json} and {@code task.json}, in the work root's
   * {@value #INCOMING} directory, forces it to disk, renames it into place and forces the work
   * root. Once this returns a crash cannot lose the task; a crash before leaves nothing where
   * recovery looks ({@value #INCOMING} is cleared at start), so a task never answered never shows
   * up. Four forces in all, where writing in place would take five.
   *
   * @throws FileAlreadyExistsException the directory exists already
   */
  void create(TaskDefinition definition, NodeMarks marks) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(dir.toString());
    }
    Path staging = dir.resolveSibling(INCOMING).resolve(dir.getFileName() + "." + STAGED.incrementAndGet());
    Files.createDirectories(staging); // with .incoming itself, should it have been removed under the node
    try {
      AtomicFiles.writeNew(staging.resolve(MARKS_FILE), marks.toJson());
      AtomicFiles.writeNew(staging.resolve(TaskRunner.TASK_FILE), definition.toJson());
      AtomicFiles.forceDirectory(staging);
      // rename(2) of a directory would replace an empty one of that name, made since the check
      // above by something other than this node; it fails on a non-empty one.
      try {
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileSystemException e) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(dir.toString()); // made meanwhile, not by this node
        }
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      try {
        FileTrees.remove(staging);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup); // cleared at the next start
      }
      throw e;
    }
    AtomicFiles.forceDirectory(dir.getParent());
  }

  /** Empties the work root's {@value #INCOMING} directory (tasks a node stopped while accepting: never answered). */
  static void clearIncoming(Path workRoot) throws IOException {
    Path incoming = workRoot.resolve(INCOMING);
    if (Files.exists(incoming)) {
      FileTrees.remove(incoming);
    }
    Files.createDirectories(incoming);
  }

  byte[] readTask() throws IOException {
    return Files.readAllBytes(dir.resolve(TaskRunner.TASK_FILE));
  }

  /** The marks, or {@code null} when the file is missing. */
  NodeMarks readMarks() throws IOException {
    try {
      return NodeMarks.parse(Files.readAllBytes(dir.resolve(MARKS_FILE)));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  void writeMarks(NodeMarks marks) {
    AtomicFiles.write(dir.resolve(MARKS_FILE), marks.toJson(), false);
  }

  /** The reason recorded in {@code lost.json}, or {@code null} when the task is not marked lost. */
  String readLost() {
    Path lost = dir.resolve(TaskRunner.LOST_FILE);
    if (!Files.exists(lost)) {
      return null; // the common case, asked of every directory at a restart: a stat, not an exception
    }
    try {
      Object doc = Json.parse(Files.readAllBytes(lost));
      return doc instanceof Map ? String.valueOf(((Map<?, ?>) doc).get("reason")) : "lost";
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return "lost (unreadable " + TaskRunner.LOST_FILE + ")";
    }
  }

  void writeLost(String reason, Instant at) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("reason", reason);
    doc.put("at", at.toString());
    AtomicFiles.write(dir.resolve(TaskRunner.LOST_FILE), Json.toBytes(doc), true);
  }

  /** The size of {@code output.log}; 0 without it. */
  long outputSize() {
    try {
      return Files.size(dir.resolve(TaskRunner.OUTPUT_FILE));
    } catch (IOException e) {
      return 0;
    }
  }

  /** Up to {@code max} bytes of {@code output.log} from {@code offset}; empty past its end or without it. */
  byte[] readOutput(long offset, int max) {
    try (FileChannel channel = FileChannel.open(dir.resolve(TaskRunner.OUTPUT_FILE), StandardOpenOption.READ)) {
      long size = channel.size();
      if (offset >= size) {
        return new byte[0];
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, size - offset));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
        // read until the buffer is full or the file ends
      }
      return buffer.position() == buffer.capacity() ? buffer.array()
          : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + dir.getFileName(), e);
    }
  }
}
