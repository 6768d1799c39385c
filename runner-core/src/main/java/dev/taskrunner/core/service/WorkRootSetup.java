package dev.taskrunner.core.service;

import dev.taskrunner.core.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Makes the work root the node's alone: created 0700, whatever the umask; with a task user, 0711,
 * so that user can reach its tasks' {@code work/} folders without listing or reading anything else.
 */
final class WorkRootSetup {
  private WorkRootSetup() {}

  static void prepare(NodeConfig config) throws IOException {
    Path root = config.workRoot();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(root, AtomicFiles.OWNER_ONLY_DIRECTORY);
    }
    if (config.taskUser() != null) {
      if (!"root".equals(System.getProperty("user.name"))) {
        throw new IOException("taskUser '" + config.taskUser() + "' needs the node to run as root (it runs as "
            + System.getProperty("user.name") + "); unset taskUser or run the node as root");
      }
      Files.setPosixFilePermissions(root, AtomicFiles.TRAVERSABLE_DIRECTORY);
    }
  }
}
