package dev.taskrunner.core.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whole directory trees, removed without ever following a link: each entry is looked at and
 * removed relative to its open parent directory ({@link SecureDirectoryStream}, i.e. openat and
 * unlinkat), so a task's process that swaps a folder for a link to {@code /etc} while the node
 * removes its directory gets the link removed, nothing behind it. Entries are streamed, not
 * collected, so a folder of millions of files costs no memory.
 */
public final class FileTrees {
  private FileTrees() {}

  /** Removes {@code root} (a file, a link or a directory) with everything under it. */
  public static void remove(Path root) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (attributes.isDirectory()) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        if (!(entries instanceof SecureDirectoryStream<Path> secure)) {
          throw new IOException("cannot remove " + root + " safely: this file system has no secure directory streams");
        }
        empty(secure);
      }
    }
    Files.deleteIfExists(root);
  }

  private static void empty(SecureDirectoryStream<Path> dir) throws IOException {
    for (Path entry : dir) {
      Path name = entry.getFileName();
      BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
      if (a.isDirectory()) {
        // Opened with O_NOFOLLOW: a link put in its place since the look fails here, never followed.
        try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
          empty(child);
        }
        dir.deleteDirectory(name);
      } else {
        dir.deleteFile(name);
      }
    }
  }
}
