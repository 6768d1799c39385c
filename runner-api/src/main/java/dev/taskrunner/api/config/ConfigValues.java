package dev.taskrunner.api.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Typed, checked settings; each message names the value's source and what is expected. */
final class ConfigValues {
  private final ConfigSources sources;

  ConfigValues(ConfigSources sources) {
    this.sources = sources;
  }

  Path configFile() {
    return sources.configFile();
  }

  /** Where the setting's value came from ({@code --port}, {@code RUNNER_PORT}, {@code port in FILE}, {@code default}). */
  String source(Setting setting) {
    return sources.raw(setting).source();
  }

  String text(Setting setting, boolean mayBeEmpty) {
    ConfigSources.Raw raw = sources.raw(setting);
    String value = raw.text().strip();
    if (!mayBeEmpty && value.isEmpty()) {
      throw fail(raw, "must not be empty");
    }
    return value;
  }

  int integer(Setting setting, int min, int max) {
    return (int) number(setting, min, max);
  }

  long number(Setting setting, long min, long max) {
    ConfigSources.Raw raw = sources.raw(setting);
    long value;
    try {
      value = Long.parseLong(raw.text().strip());
    } catch (NumberFormatException e) {
      throw fail(raw, "must be " + min + ".." + max + ", got " + raw.text());
    }
    if (value < min || value > max) {
      throw fail(raw, "must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  /** One of {@code choices} (any case), as written there. */
  String choice(Setting setting, java.util.List<String> choices) {
    ConfigSources.Raw raw = sources.raw(setting);
    String value = raw.text().strip().toLowerCase(Locale.ROOT);
    if (!choices.contains(value)) {
      throw fail(raw, "must be one of " + String.join(", ", choices) + ", got " + raw.text());
    }
    return value;
  }

  boolean bool(Setting setting) {
    ConfigSources.Raw raw = sources.raw(setting);
    return switch (raw.text().strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw fail(raw, "must be true or false, got " + raw.text());
    };
  }

  /** An address to bind: an IP literal or a name this host can resolve. */
  String host(Setting setting) {
    ConfigSources.Raw raw = sources.raw(setting);
    String value = text(setting, false);
    try {
      InetAddress.getByName(value);
    } catch (UnknownHostException | SecurityException e) {
      throw fail(raw, "cannot resolve '" + value + "' to an address of this host");
    }
    return value;
  }

  /** A directory path, absolute; it may not exist yet, but must not be a file. */
  Path directory(Setting setting) {
    ConfigSources.Raw raw = sources.raw(setting);
    Path path;
    try {
      path = Path.of(text(setting, false)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw fail(raw, "not a valid path: " + e.getMessage());
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw fail(raw, path + " exists and is not a directory");
    }
    return path;
  }

  private static ConfigException fail(ConfigSources.Raw raw, String problem) {
    return new ConfigException(raw.source() + ": " + problem);
  }
}
