package dev.taskrunner.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Who holds a POSIX lock on a file, as the kernel lists it in {@code /proc/locks}
 * ({@code 1: POSIX  ADVISORY  WRITE 4242 fe:00:1234567 0 EOF}: the holder's pid, then the file's
 * device and inode). Asking does not take the lock, unlike a probe with {@code F_SETLK}.
 */
public final class FileLocks {
  private FileLocks() {}

  /** The pid holding a POSIX lock on {@code file} (not followed if a link); empty when none does. */
  public static OptionalLong holder(Path file) {
    long inode;
    try {
      inode = ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
        OptionalLong pid = holderIn(line, inode);
        if (pid.isPresent()) {
          return pid;
        }
      }
    } catch (IOException e) {
      // no /proc/locks here
    }
    return OptionalLong.empty();
  }

  static OptionalLong holderIn(String line, long inode) {
    String[] f = posixLock(line);
    if (f == null) {
      return OptionalLong.empty();
    }
    String[] device = f[5].split(":");
    try {
      if (device.length == 3 && Long.parseLong(device[2]) == inode) {
        return OptionalLong.of(Long.parseLong(f[4]));
      }
    } catch (NumberFormatException e) {
      // not a line of the expected shape
    }
    return OptionalLong.empty();
  }

  /** Every process that holds a POSIX lock on any file now. */
  public static Set<Long> holders() {
    Set<Long> pids = new HashSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
        String[] f = posixLock(line);
        if (f != null) {
          try {
            pids.add(Long.parseLong(f[4]));
          } catch (NumberFormatException e) {
            // not a line of the expected shape
          }
        }
      }
    } catch (IOException e) {
      // no /proc/locks here
    }
    return pids;
  }

  /**
   * The fields of a held POSIX lock's line ({@code N: POSIX ADVISORY WRITE PID DEV:INODE START END});
   * null for another kind of lock, or a blocked waiter's line ({@code N: -> POSIX ...}).
   */
  private static String[] posixLock(String line) {
    String[] f = line.trim().split("\\s+");
    return f.length >= 6 && f[1].equals("POSIX") ? f : null;
  }
}
