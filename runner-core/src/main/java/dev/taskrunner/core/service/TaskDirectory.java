package dev.taskrunner.core.service;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.fs.GroupForce;
import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.task.AcceptedSummaries;
import dev.taskrunner.core.task.TaskDefinition;
import dev.taskrunner.core.task.TaskSummary;
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
import java.nio.file.attribute.BasicFileAttributes;
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
  private static final AtomicLong STAGED = new AtomicLong();
  /** A node's own record is small; a larger file is not one. */
  private static final int MAX_RECORD_BYTES = 64 * 1024;
  private final Path dir;
  private final TaskFiles files;
  private final StatusFile status;

  TaskDirectory(Path dir) {
    this.dir = dir;
    this.files = new TaskFiles(dir);
    this.status = new StatusFile(dir);
  }

  Path path() {
    return dir;
  }

  TaskFiles files() {
    return files;
  }

  StatusFile status() {
    return status;
  }

  /**
   * Makes the directory whole, with {@code node.json} and {@code task.json}, in the work root's
   * {@code .incoming} directory, forces it to disk, renames it into place and forces the work
   * root. Once this returns a crash cannot lose the task; a crash before leaves nothing where
   * recovery looks ({@code .incoming} is cleared at start), so a task never answered never shows
   * up. Four forces in all, where writing in place would take five; the work root's is shared with
   * the submissions renaming theirs at the same time ({@code rootForce}). The directory is the
   * node's alone (0700; 0711 with {@code traversable}, so a task user can reach its {@code work/}).
   *
   * @param rootForce forces the work root (this directory's parent)
   * @throws FileAlreadyExistsException the directory exists already
   */
  void create(TaskDefinition definition, NodeMarks marks, boolean traversable, GroupForce rootForce) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(dir.toString());
    }
    Path incoming = new WorkRoot(dir.getParent()).incoming();
    Path staging = incoming.resolve(dir.getFileName() + "." + STAGED.incrementAndGet());
    Files.createDirectories(incoming, AtomicFiles.OWNER_ONLY_DIRECTORY); // should it have been removed under the node
    Files.createDirectory(staging, AtomicFiles.OWNER_ONLY_DIRECTORY);
    try {
      if (traversable) {
        Files.setPosixFilePermissions(staging, AtomicFiles.TRAVERSABLE_DIRECTORY);
      }
      TaskFiles staged = new TaskFiles(staging);
      AtomicFiles.writeNew(staged.node(), marks.toJson());
      AtomicFiles.writeNew(staged.task(), definition.toJson());
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
    rootForce.force();
  }

  /** Empties the work root's {@code .incoming} directory (tasks a node stopped while accepting: never answered). */
  static void clearIncoming(Path workRoot) throws IOException {
    Path incoming = new WorkRoot(workRoot).incoming();
    if (Files.exists(incoming, LinkOption.NOFOLLOW_LINKS)) {
      FileTrees.remove(incoming);
    }
    Files.createDirectories(incoming, AtomicFiles.OWNER_ONLY_DIRECTORY);
  }

  /** The summary of {@code task.json}, read as a stream (its parameters are never held). */
  TaskSummary readSummary() throws IOException {
    try (FileChannel channel = TaskFiles.openRegular(files.task());
        java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel)) {
      return AcceptedSummaries.read(in);
    }
  }

  byte[] readTask() throws IOException {
    return TaskFiles.readRegular(files.task(), Integer.MAX_VALUE - 8);
  }

  /** The marks, or {@code null} when the file is missing. */
  NodeMarks readMarks() throws IOException {
    try {
      return NodeMarks.parse(TaskFiles.readRegular(files.node(), MAX_RECORD_BYTES));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  void writeMarks(NodeMarks marks) {
    writeMarks(marks, false);
  }

  /** With {@code durable}, forced to disk: for the launch mark, which a power loss must not undo. */
  void writeMarks(NodeMarks marks, boolean durable) {
    AtomicFiles.write(files.node(), marks.toJson(), durable);
  }

  /** The reason recorded in {@code lost.json}, or {@code null} when the task is not marked lost. */
  String readLost() {
    Path lost = files.lost();
    if (!Files.exists(lost, LinkOption.NOFOLLOW_LINKS)) {
      return null; // the common case, asked of every directory at a restart: a stat, not an exception
    }
    byte[] bytes;
    try {
      bytes = TaskFiles.readRegular(lost, MAX_RECORD_BYTES);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return unreadableLost(e);
    }
    return lostReason(bytes);
  }

  /** The reason {@code lost.json}'s bytes give. */
  static String lostReason(byte[] bytes) {
    try {
      Object doc = Json.parse(bytes);
      return doc instanceof Map ? String.valueOf(((Map<?, ?>) doc).get("reason")) : "lost";
    } catch (RuntimeException e) {
      return unreadableLost(e);
    }
  }

  private static String unreadableLost(Exception e) {
    return "lost (unreadable " + TaskFiles.LOST + ": " + e.getMessage() + ")";
  }

  void writeLost(String reason, Instant at) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("reason", reason);
    doc.put("at", at.toString());
    AtomicFiles.write(files.lost(), Json.toBytes(doc), true);
  }

  /**
   * Makes the directory again, holding only the node's record and why the task was lost, for a
   * task whose directory was removed under it: the task stays listed (also after a restart) until
   * it is deleted, instead of vanishing silently.
   */
  void recreateAsLost(NodeMarks marks, String reason, Instant at) throws IOException {
    Files.createDirectory(dir, AtomicFiles.OWNER_ONLY_DIRECTORY);
    writeMarks(marks);
    writeLost(reason, at);
  }

  /** The size of {@code output.log}; 0 without it, or when it is not a regular file. */
  long outputSize() {
    try {
      BasicFileAttributes a = Files.readAttributes(files.output(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? a.size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Up to {@code max} bytes of {@code output.log} from {@code offset}; empty past its end, without
   * it, or when something other than a regular file stands in its place (never followed).
   */
  byte[] readOutput(long offset, int max) {
    try (FileChannel channel = TaskFiles.openRegular(files.output())) {
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
    } catch (NoSuchFileException | TaskFiles.NotARegularFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + dir.getFileName(), e);
    }
  }
}
