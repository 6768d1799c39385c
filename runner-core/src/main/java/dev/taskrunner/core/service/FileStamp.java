package dev.taskrunner.core.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What the kernel says of one file or directory, enough to tell it is the same, unchanged, later:
 * its device and inode ({@code key}: a file renamed over it, a directory made again under the same
 * name, is another inode), its size and its mtime in nanoseconds. Every write or truncation sets a
 * file's mtime to the kernel's clock, and every entry made, renamed or removed in a directory sets
 * the directory's. What this cannot see is a file rewritten in place to the same size and then given
 * back its old mtime to the nanosecond with {@code utimes(2)} — a deliberate act, not an accident.
 * (The ctime would see that too, but on JDK 17 it is only read through the {@code unix:} attribute
 * map, which costs a restart three times as much CPU as the stat itself.) Links are not followed.
 *
 * @param key the file key as the file system gives it (device and inode)
 */
record FileStamp(String key, long size, long modifiedNanos, boolean directory) {

  /** @throws java.nio.file.NoSuchFileException nothing is there */
  static FileStamp of(Path path) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new FileStamp(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.isDirectory());
  }

  /** Changed at or after {@code nanos} (since the epoch). */
  boolean changedSince(long nanos) {
    return modifiedNanos >= nanos;
  }
}
