package dev.taskrunner.core.fs;

import static java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole-file writes that a reader or a crash never sees half done: write a temporary file in the
 * same directory, then rename it over the target. A durable write also forces the file and the
 * directory entry to disk. The temporary name carries this process's pid, so two processes
 * writing the same file never share one (and no SecureRandom is seeded on the way, as
 * {@code Files.createTempFile} would).
 */
public final class AtomicFiles {
  private static final long PID = dev.taskrunner.core.process.SelfProcess.pid();
  // Sets of constants rather than PosixFilePermissions.fromString: its EnumSet finds the enum's
  // constants by reflection, which costs a runner JVM (interpreted) ~1 ms.
  /** Files the node and the runner write are theirs alone (0600), whatever the umask. */
  public static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(Set.of(OWNER_READ, OWNER_WRITE));
  /** Directories likewise (0700). */
  public static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(Set.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE));
  /** A directory a task user must pass through to reach its {@code work/} (0711: traverse, not list). */
  public static final Set<PosixFilePermission> TRAVERSABLE_DIRECTORY =
      Set.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE, GROUP_EXECUTE, OTHERS_EXECUTE);

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code bytes} (mode 0600). A failed write (a full disk) leaves no
   * temporary file behind and the old content in place. A link at {@code target} is replaced, never
   * followed.
   */
  public static void write(Path target, byte[] bytes, boolean durable) {
    Path temp = target.resolveSibling("." + target.getFileName() + "." + PID + "." + Thread.currentThread().getId() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS), OWNER_ONLY)) {
        writeAll(channel, bytes);
        if (durable) {
          channel.force(true);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + temp, e);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IllegalStateException("the file system of " + target.getParent() + " cannot rename atomically", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot replace " + target, e);
      }
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    if (durable) {
      forceDirectory(target.getParent());
    }
  }

  /**
   * Writes a new file and forces it to disk, without a temporary file: for a file in a directory
   * no reader sees yet (one made whole, then renamed into place).
   *
   * @throws java.nio.file.FileAlreadyExistsException the file exists
   */
  public static void writeNew(Path target, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        OWNER_ONLY)) {
      writeAll(channel, bytes);
      channel.force(true);
    }
  }

  /**
   * Creates {@code file} empty with mode 0600 if it does not exist (a link there is not followed),
   * for a file another program opens for appending — which would create it with the umask's mode.
   */
  public static void createOwnerOnly(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS), OWNER_ONLY)) {
      // created, or there already
    }
  }

  private static void writeAll(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Forces a directory's entries to disk, where the file system allows it. */
  public static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory; the files themselves were forced already.
    }
  }
}
