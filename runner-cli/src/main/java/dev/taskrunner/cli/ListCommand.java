package dev.taskrunner.cli;

import dev.taskrunner.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code list [--state S] [--json]}: every task of the node, in creation order. */
@Command(name = "list", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Lists the node's tasks in creation order: ID, NAME, STATE, OUTCOME, EXIT, AGE (since accepted) and WAITING FOR (what a queued task waits for: a resource and who holds it, or a dependency).",
        "With --json, prints the JSON array of task views instead."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:the node refused or could not be reached (one line on stderr)", "2:usage error"})
final class ListCommand implements Callable<Integer> {
  static final Set<String> STATES = Set.of("queued", "running", "stalled", "stopping", "exited", "lost");
  /** The node's largest page. */
  static final int PAGE = 1000;

  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions options;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only tasks in this state: queued, running, stalled, stopping, exited or lost.")
  String state;

  @Option(names = "--json", description = "Print the JSON array of task views.")
  boolean json;

  @Override
  public Integer call() {
    if (state != null && !STATES.contains(state)) {
      throw new ParameterException(spec.commandLine(), "--state: unknown state '" + state
          + "'; expected one of queued, running, stalled, stopping, exited, lost");
    }
    NodeClient client = options.client();
    List<Object> all = new ArrayList<>();
    List<?> page;
    do {
      Object answer = client.list(state, all.size(), PAGE);
      RemoteTask.listOf(answer); // checks the shape
      page = (List<?>) answer;
      all.addAll(page);
    } while (page.size() == PAGE);
    if (json) {
      System.out.println(new String(Json.toBytes(all), StandardCharsets.UTF_8));
    } else {
      System.out.print(table(RemoteTask.listOf(all), Instant.now()));
    }
    return 0;
  }

  static String table(List<RemoteTask> tasks, Instant now) {
    Table table = new Table("ID", "NAME", "STATE", "OUTCOME", "EXIT", "AGE", "WAITING FOR");
    for (RemoteTask t : tasks) {
      table.row(t.id(), t.text("name"), t.state(), t.outcome(), t.text("exitCode"), Ages.since(t.acceptedAt(), now),
          t.text("waitingFor"));
    }
    return table.render();
  }
}
