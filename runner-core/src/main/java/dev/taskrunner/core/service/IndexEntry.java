package dev.taskrunner.core.service;

import dev.taskrunner.core.layout.TaskFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;

/**
 * One finished task in the {@link FinishedIndex}: what recovery reads from its directory —
 * {@code node.json}, and {@code lost.json} for a task the node gave up on, else
 * {@code status.json} — as parsed from the bytes it read, each file with the {@link FileStamp} it
 * had then, and the directory's own stamp (which changes when any file in it is made, renamed over
 * or removed: a {@code lost.json} that appeared, a {@code task.json} that went). While every stamp
 * is the same, the directory holds exactly the bytes these values were parsed from.
 *
 * @param lostReason the reason {@code lost.json} gives, or null when there is none
 * @param status the final status, when there is no {@code lost.json}
 */
record IndexEntry(String id, FileStamp dir, FileStamp nodeStamp, NodeMarks marks, FileStamp lostStamp,
    String lostReason, FileStamp statusStamp, TaskStatus status) {
  /** A node's own record and a status are a few hundred bytes; a larger file is not indexed. */
  private static final int MAX_FILE_BYTES = 64 * 1024;
  /**
   * A file changed this recently may be changed again within the same tick of its clock (the
   * kernel's file times are as coarse as a few ms; some file systems keep whole seconds) without
   * its stamp showing it: such a directory is indexed later, once it has been still for this long.
   */
  static final Duration STILL = Duration.ofSeconds(2);

  /** True when the directory holds, by every stamp, what this entry was read from. */
  boolean matches(TaskFiles files) {
    try {
      return dir.equals(FileStamp.of(files.dir())) && nodeStamp.equals(FileStamp.of(files.node()))
          && (lostReason != null ? lostStamp.equals(FileStamp.of(files.lost()))
              : statusStamp.equals(FileStamp.of(files.status())));
    } catch (IOException e) {
      return false; // gone or unreadable: read the slow way
    }
  }

  /**
   * Reads a finished task's entry from its directory; null when the directory is not settled
   * (changed within {@code stillNanos} of {@code nowNanos}, or changing while read).
   *
   * @throws IOException it cannot be indexed: not whole (no regular {@code task.json},
   *     {@code node.json}, {@code status.json}), or a file that does not parse, or a status not final
   */
  static IndexEntry read(TaskFiles files, long nowNanos, long stillNanos) throws IOException {
    long settled = nowNanos - stillNanos;
    FileStamp dir = FileStamp.of(files.dir());
    if (!dir.directory() || !TaskFiles.isRegular(files.task())) {
      throw new IOException("not a whole task directory");
    }
    if (dir.changedSince(settled)) {
      return null;
    }
    Read node = Read.of(files.node(), settled);
    boolean lostMarked = Files.exists(files.lost(), LinkOption.NOFOLLOW_LINKS);
    Read lost = lostMarked ? Read.of(files.lost(), settled) : null;
    Read status = lostMarked ? null : Read.of(files.status(), settled);
    if (node == null || (lostMarked ? lost == null : status == null) || !dir.equals(FileStamp.of(files.dir()))) {
      return null;
    }
    NodeMarks marks = NodeMarks.parse(node.bytes);
    if (lostMarked) {
      return new IndexEntry(files.id(), dir, node.stamp, marks, lost.stamp, TaskDirectory.lostReason(lost.bytes), null, null);
    }
    if (!(StatusFile.of(status.bytes) instanceof StatusRead.Present p) || !p.status().finished()) {
      throw new IOException("no final status");
    }
    return new IndexEntry(files.id(), dir, node.stamp, marks, null, null, status.stamp, p.status());
  }

  /** A file's bytes with the stamp it had before and after they were read; null when it changed meanwhile. */
  private record Read(FileStamp stamp, byte[] bytes) {
    static Read of(Path file, long settled) throws IOException {
      FileStamp before = FileStamp.of(file);
      byte[] bytes = TaskFiles.readRegular(file, MAX_FILE_BYTES);
      if (before.changedSince(settled) || before.size() != bytes.length || !before.equals(FileStamp.of(file))) {
        return null;
      }
      return new Read(before, bytes);
    }
  }

  void write(DataOutputStream out) throws IOException {
    IndexCodec.writeString(out, id);
    writeStamp(out, dir);
    writeStamp(out, nodeStamp);
    IndexCodec.writeMarks(out, marks);
    out.writeBoolean(lostReason != null);
    if (lostReason != null) {
      writeStamp(out, lostStamp);
      IndexCodec.writeString(out, lostReason);
    } else {
      writeStamp(out, statusStamp);
      IndexCodec.writeStatus(out, status);
    }
  }

  /** An entry as {@link #write} wrote it, from a buffer (a frame of the index) holding it. */
  static IndexEntry read(ByteBuffer in) throws IOException {
    String id = IndexCodec.readString(in);
    FileStamp dir = readStamp(in);
    FileStamp nodeStamp = readStamp(in);
    NodeMarks marks = IndexCodec.readMarks(in);
    if (IndexCodec.readBoolean(in)) {
      FileStamp stamp = readStamp(in);
      return new IndexEntry(id, dir, nodeStamp, marks, stamp, IndexCodec.readString(in), null, null);
    }
    FileStamp stamp = readStamp(in);
    return new IndexEntry(id, dir, nodeStamp, marks, null, null, stamp, IndexCodec.readStatus(in));
  }

  private static void writeStamp(DataOutputStream out, FileStamp s) throws IOException {
    IndexCodec.writeString(out, s.key());
    out.writeLong(s.size());
    out.writeLong(s.modifiedNanos());
    out.writeBoolean(s.directory());
  }

  private static FileStamp readStamp(ByteBuffer in) throws IOException {
    return new FileStamp(IndexCodec.readString(in), in.getLong(), in.getLong(), IndexCodec.readBoolean(in));
  }
}
