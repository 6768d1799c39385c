package dev.taskrunner.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code events [--since ID] [--json]}: the node's task changes as they happen. */
@Command(name = "events", mixinStandardHelpOptions = true, version = RunnerCli.VERSION,
    description = {"Prints the node's task changes as they happen (GET /v1/events), one line each:",
        "EVENT-ID TYPE TASK-ID STATE OUTCOME EXIT (types: accepted, launched, running, stalled, stopping, exited,"
            + " lost, deleted). With --json, the event's JSON line instead.",
        "Runs until interrupted. When the connection drops (a node restart) it reconnects with the last id it"
            + " printed, retrying for up to 60 s, and goes on where it stopped. When the node cannot resume from an"
            + " id (older than its journal keeps, or unknown) it says so on stderr ('reset: ...'): reload the task"
            + " list ('runner-cli list') and read on."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"1:the node refused or could not be reached for 60 s (one line on stderr)", "2:usage error"})
final class EventsCommand implements Callable<Integer> {
  static final Duration RETRY_FOR = Duration.ofSeconds(60);

  @Mixin
  ClientOptions options;

  @Option(names = "--since", paramLabel = "EVENT-ID",
      description = "Print the events after this id first (as a reconnecting client would), then new ones.")
  String since;

  @Option(names = "--json", description = "Print each event's JSON line.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    NodeClient client = options.client();
    String[] last = {since};
    boolean everOpened = false;
    long deadline = 0;
    while (true) {
      boolean[] opened = {false};
      try {
        client.events(last[0], () -> opened[0] = true, frame -> {
          if (frame.id() != null) {
            last[0] = frame.id();
          }
          print(frame);
        });
      } catch (NodeRefusedException e) {
        throw e;
      } catch (CliException e) {
        // A node that never answered is an error now; one that answered before may be restarting.
        if (!everOpened || (!opened[0] && System.nanoTime() > deadline)) {
          throw e;
        }
      }
      if (opened[0]) {
        everOpened = true;
        deadline = System.nanoTime() + RETRY_FOR.toNanos();
      }
      Thread.sleep(500);
    }
  }

  private void print(SseFrames.Frame frame) {
    if (frame.event().equals("reset") || frame.event().equals("dropped")) {
      Object doc = NodeClient.parse(frame.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Object detail = doc instanceof Map<?, ?> m ? m.get("detail") : frame.data();
      System.err.println("runner-cli: " + frame.event() + ": " + detail);
      return;
    }
    if (json) {
      System.out.println(frame.data());
      return;
    }
    Object doc = NodeClient.parse(frame.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Map<?, ?> event = doc instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> task = event.get("task") instanceof Map<?, ?> t ? t : Map.of();
    System.out.println(String.join(" ", text(frame.id()), frame.event(), text(event.get("taskId")),
        text(task.get("state")), text(task.get("outcome")), text(task.get("exitCode"))));
    System.out.flush();
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }
}
