package dev.taskrunner.core.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the kernel says of one file or directory, enough to tell it is the same, unchanged, later:
 * its device and inode (a file renamed over it, a directory made again under the same name, is
 * another inode), its size, and its ctime. The ctime is set to the kernel's clock by every write,
 * truncation, chmod, and, on a directory, by every entry made, renamed or removed in it; no call
 * sets it back ({@code utimes(2)}, {@code touch -d}, {@code cp -p} set the mtime, which is why the
 * mtime is not used). An inode number freed and reused has a new ctime. Links are not followed.
 */
record FileStamp(long device, long inode, long size, long changedNanos, boolean directory) {
  private static final String ATTRIBUTES = "unix:dev,ino,size,ctime,isDirectory";

  /** @throws java.nio.file.NoSuchFileException nothing is there */
  static FileStamp of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    return new FileStamp((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
        ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS), (Boolean) a.get("isDirectory"));
  }

  /** Changed at or after {@code nanos} (since the epoch). */
  boolean changedSince(long nanos) {
    return changedNanos >= nanos;
  }
}
