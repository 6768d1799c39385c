package nodebench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code config/task-runner.service} runs the node: the JVM flags of its {@code ExecStart} (but
 * the logback file) and its {@code Environment=MALLOC_...}, read from the unit itself.
 */
record ServiceUnit(List<String> flags, Map<String, String> env) {
  static final Path FILE = Path.of("config/task-runner.service");

  static ServiceUnit read() throws IOException {
    List<String> flags = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FILE)) {
      if (line.startsWith("ExecStart=")) {
        for (String token : line.substring("ExecStart=".length()).split("\\s+")) {
          if (token.equals("-jar")) {
            break;
          }
          if (token.startsWith("-X")) {
            flags.add(token);
          }
        }
      } else if (line.startsWith("Environment=MALLOC_")) {
        String[] kv = line.substring("Environment=".length()).split("=", 2);
        env.put(kv[0], kv[1]);
      }
    }
    return new ServiceUnit(List.copyOf(flags), Map.copyOf(env));
  }

  /** The flags and environment, as printed beside a figure. */
  String describe() {
    return String.join(" ", flags) + " " + env;
  }
}
