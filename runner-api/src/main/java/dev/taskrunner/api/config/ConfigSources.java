package dev.taskrunner.api.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where each setting's text comes from: flag, then environment variable, then config file, then
 * default. An empty environment variable or file value counts as not set. Unknown flags and unknown
 * file keys are errors, so a typo never silently leaves a default in force.
 */
final class ConfigSources {
  /** A setting's text and where it came from ({@code --port}, {@code RUNNER_PORT}, {@code port in FILE}, {@code default}). */
  record Raw(String text, String source) {}

  private final Map<Setting, String> flags;
  private final Map<String, String> env;
  private final Properties file;
  private final Path filePath;

  private ConfigSources(Map<Setting, String> flags, Map<String, String> env, Properties file, Path filePath) {
    this.flags = flags;
    this.env = env;
    this.file = file;
    this.filePath = filePath;
  }

  static ConfigSources of(List<String> args, Map<String, String> env) {
    Map<Setting, String> flags = parseFlags(args);
    ConfigSources withoutFile = new ConfigSources(flags, env, new Properties(), null);
    Raw config = withoutFile.raw(Setting.CONFIG);
    if (config.text() == null) {
      return withoutFile;
    }
    Path path = Path.of(config.text()).toAbsolutePath().normalize();
    return new ConfigSources(flags, env, readFile(path, config.source()), path);
  }

  /** The winning text of a setting; {@code text} is null only for an unset {@link Setting#CONFIG}. */
  Raw raw(Setting setting) {
    if (flags.containsKey(setting)) {
      return new Raw(flags.get(setting), setting.flag);
    }
    String fromEnv = env.get(setting.env);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return new Raw(fromEnv, setting.env);
    }
    String fromFile = setting.fileKey == null ? null : file.getProperty(setting.fileKey);
    if (fromFile != null && !fromFile.isEmpty()) {
      return new Raw(fromFile.trim(), setting.fileKey + " in " + filePath);
    }
    return new Raw(setting.fallback(), "default");
  }

  Path configFile() {
    return filePath;
  }

  private static Map<Setting, String> parseFlags(List<String> args) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "'; see --help");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      Setting setting = Setting.byFlag(name);
      if (setting == null) {
        throw new ConfigException(name.equals("--api-token")
            ? "--api-token: not a flag, so the token stays out of process listings;"
                + " set RUNNER_API_TOKEN or apiToken in the config file"
            : "unknown option '" + name + "'; see --help");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new ConfigException(name + ": needs a value");
      }
      if (flags.putIfAbsent(setting, value) != null) {
        throw new ConfigException(name + ": given more than once");
      }
    }
    return flags;
  }

  private static Properties readFile(Path path, String source) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(source + ": cannot read " + path + " (" + e + ")");
    }
    for (String key : properties.stringPropertyNames()) {
      if (Setting.byFileKey(key) == null) {
        throw new ConfigException(path + ": unknown key '" + key + "'; known keys: " + knownKeys());
      }
    }
    return properties;
  }

  private static String knownKeys() {
    return Stream.of(Setting.values()).map(s -> s.fileKey).filter(k -> k != null).collect(Collectors.joining(", "));
  }
}
