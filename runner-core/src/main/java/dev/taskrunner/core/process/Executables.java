package dev.taskrunner.core.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs the way {@code execvp(3)} does, to say before a start why it would fail. */
public final class Executables {
  private Executables() {}

  /** The first executable file named {@code name} on {@code path} (a {@code PATH} value; null: /usr/bin:/bin). */
  public static Optional<Path> find(String name, String path) {
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":", -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code program} could not be executed, in {@code strerror} words as {@code execvp} would
   * fail, or empty when it looks runnable. A name with a slash is taken as a path (relative to
   * {@code directory}); one without is looked up on {@code path}. Checked with this process's own
   * rights: a program another user may not run is not caught here.
   */
  public static Optional<String> whyNotRunnable(String program, String path, Path directory) {
    if (program.contains("/")) {
      Path file = directory.resolve(program);
      if (!Files.exists(file)) {
        return Optional.of("No such file or directory");
      }
      return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.empty() : Optional.of("Permission denied");
    }
    if (find(program, path).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("No such file or directory");
  }
}
