package dev.taskrunner.core.env;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which JDK a {@code java} executable belongs to, read from its home's {@code release} file, without starting it. */
final class JavaVersions {
  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

  private JavaVersions() {}

  /** The feature version (17, 25, ...) of {@code java}, a path or a name on the PATH; 0 if it cannot be told. */
  static int feature(String java) {
    return locate(java).flatMap(JavaVersions::releaseFile).map(JavaVersions::read).orElse(0);
  }

  private static Optional<Path> locate(String java) {
    Path given = Path.of(java);
    if (given.getParent() != null) {
      return Optional.of(given);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, java);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code JAVA_HOME/release}, with {@code java} in {@code JAVA_HOME/bin} once symbolic links are followed. */
  private static Optional<Path> releaseFile(Path java) {
    try {
      Path home = java.toRealPath().getParent().getParent();
      return home == null ? Optional.empty() : Optional.of(home.resolve("release"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static int read(Path release) {
    try {
      Matcher m = VERSION.matcher(Files.readString(release));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
