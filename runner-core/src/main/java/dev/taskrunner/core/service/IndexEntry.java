package dev.taskrunner.core.service;

import dev.taskrunner.core.layout.TaskFiles;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;

/**
 * One finished task in the {@link FinishedIndex}: the bytes recovery reads from its directory —
 * {@code node.json}, and {@code lost.json} for a task the node gave up on, else
 * {@code status.json} — each with the {@link FileStamp} it had when read, and the directory's own
 * stamp (which changes when any file in it is made, renamed over or removed: a {@code lost.json}
 * that appeared, a {@code task.json} that went). While every stamp is the same, the directory
 * holds exactly these bytes.
 */
record IndexEntry(String id, FileStamp dir, FileStamp nodeStamp, byte[] node, FileStamp lostStamp, byte[] lost,
    FileStamp statusStamp, byte[] status) {
  /** A node's own record and a status are a few hundred bytes; a larger file is not indexed. */
  private static final int MAX_FILE_BYTES = 64 * 1024;
  /**
   * A file changed this recently may be changed again within the same tick of the kernel's clock
   * (ctime is as coarse as a few ms) without its stamp showing it: such a directory is indexed
   * later, once it has been still for this long.
   */
  static final long STILL_NANOS = 2_000_000_000L;

  /** True when the directory holds, by every stamp, what this entry was read from. */
  boolean matches(TaskFiles files) {
    try {
      return dir.equals(FileStamp.of(files.dir())) && nodeStamp.equals(FileStamp.of(files.node()))
          && (lost != null ? lostStamp.equals(FileStamp.of(files.lost())) : statusStamp.equals(FileStamp.of(files.status())));
    } catch (IOException e) {
      return false; // gone or unreadable: read the slow way
    }
  }

  /**
   * Reads a finished task's entry from its directory; null when the directory is not settled
   * (changed within {@link #STILL_NANOS} of {@code nowNanos}, or changing while read) or not whole
   * (no regular {@code task.json}, {@code node.json} or {@code status.json}).
   */
  static IndexEntry read(TaskFiles files, long nowNanos) throws IOException {
    FileStamp dir = FileStamp.of(files.dir());
    if (!dir.directory() || dir.changedSince(nowNanos - STILL_NANOS) || !TaskFiles.isRegular(files.task())) {
      return null;
    }
    Read node = Read.of(files.node(), nowNanos);
    boolean lostMarked = Files.exists(files.lost(), LinkOption.NOFOLLOW_LINKS);
    Read lost = lostMarked ? Read.of(files.lost(), nowNanos) : null;
    Read status = lostMarked ? null : Read.of(files.status(), nowNanos);
    if (node == null || (lostMarked ? lost == null : status == null) || !dir.equals(FileStamp.of(files.dir()))) {
      return null;
    }
    return new IndexEntry(files.id(), dir, node.stamp, node.bytes, lost == null ? null : lost.stamp,
        lost == null ? null : lost.bytes, status == null ? null : status.stamp, status == null ? null : status.bytes);
  }

  /** A file's bytes with the stamp it had before and after they were read; null when it changed meanwhile. */
  private record Read(FileStamp stamp, byte[] bytes) {
    static Read of(java.nio.file.Path file, long nowNanos) throws IOException {
      FileStamp before;
      byte[] bytes;
      try {
        before = FileStamp.of(file);
        bytes = TaskFiles.readRegular(file, MAX_FILE_BYTES);
      } catch (NoSuchFileException | TaskFiles.NotARegularFileException e) {
        return null;
      }
      if (before.changedSince(nowNanos - STILL_NANOS) || before.size() != bytes.length || !before.equals(FileStamp.of(file))) {
        return null;
      }
      return new Read(before, bytes);
    }
  }

  void write(DataOutputStream out) throws IOException {
    out.writeUTF(id);
    writeStamp(out, dir);
    writeStamp(out, nodeStamp);
    writeBytes(out, node);
    out.writeBoolean(lost != null);
    writeStamp(out, lost != null ? lostStamp : statusStamp);
    writeBytes(out, lost != null ? lost : status);
  }

  static IndexEntry read(DataInputStream in) throws IOException {
    String id = in.readUTF();
    FileStamp dir = readStamp(in);
    FileStamp nodeStamp = readStamp(in);
    byte[] node = readBytes(in);
    boolean lostMarked = in.readBoolean();
    FileStamp stamp = readStamp(in);
    byte[] bytes = readBytes(in);
    return lostMarked ? new IndexEntry(id, dir, nodeStamp, node, stamp, bytes, null, null)
        : new IndexEntry(id, dir, nodeStamp, node, null, null, stamp, bytes);
  }

  private static void writeStamp(DataOutputStream out, FileStamp s) throws IOException {
    out.writeLong(s.device());
    out.writeLong(s.inode());
    out.writeLong(s.size());
    out.writeLong(s.changedNanos());
    out.writeBoolean(s.directory());
  }

  private static FileStamp readStamp(DataInputStream in) throws IOException {
    return new FileStamp(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_FILE_BYTES) {
      throw new IOException("a file of " + length + " bytes in an entry");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
