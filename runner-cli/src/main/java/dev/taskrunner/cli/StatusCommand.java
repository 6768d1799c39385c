package dev.taskrunner.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status ID [--json]}: one task's full view. */
@Command(name = "status", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Shows one task: state, outcome, exit code, pid, times, heartbeat age... one 'key: value' a line.",
        "With --json, prints the node's JSON view instead."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "1:no such task, or the node refused or could not be reached (one line on stderr)",
        "2:usage error"})
final class StatusCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
  String id;

  @Option(names = "--json", description = "Print the JSON view as the node sent it.")
  boolean json;

  @Override
  public Integer call() {
    byte[] body = options.client().task(options.taskId(id));
    if (json) {
      System.out.println(new String(body, StandardCharsets.UTF_8).strip());
    } else {
      System.out.print(lines(RemoteTask.of(NodeClient.parse(body))));
    }
    return 0;
  }

  /** {@code key: value} lines in the node's order, values aligned; {@code -} for null. */
  static String lines(RemoteTask task) {
    int width = task.json().keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Object> e : task.json().entrySet()) {
      String key = e.getKey() + ":";
      out.append(key).append(" ".repeat(width - key.length() + 2))
          .append(e.getValue() == null ? "-" : e.getValue()).append('\n');
    }
    return out.toString();
  }
}
