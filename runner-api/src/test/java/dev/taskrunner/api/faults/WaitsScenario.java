package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scenario: resources and dependencies through node kills. The {@link WaitPlan}'s tasks are
 * submitted in order while the node is killed with SIGKILL at random instants (a cut-off
 * submission is sent again to the next node, an idempotent repeat). Then, from the tasks' own
 * start and end marks: no two holders of a resource overlap unless both hold it shared; two tasks
 * that conflict on a resource ran in the order they were accepted (first come, first served: no
 * starvation, and the queue's order kept across restarts); every task ran after the tasks it
 * names; a task whose dependency failed or was stopped never ran and says why; none started twice;
 * nothing of a task is left.
 */
final class WaitsScenario implements Scenario {
  private final String prefix;
  private final Random random;

  WaitsScenario(String idPrefix, long seed) {
    this.prefix = idPrefix + "w-";
    this.random = new Random(seed);
  }

  @Override
  public Figures run(Path scratch, Scale scale) throws Exception {
    Figures figures = new Figures("waits: resources and dependencies");
    WaitPlan plan = new WaitPlan();
    figures.load = plan.tasks.size() + " tasks: " + WaitPlan.CONTENDERS
        + " on 3 resources (exclusive and shared), chain, fan-out/in, failure, stop";
    Path work = Files.createDirectories(scratch.resolve("work"));
    Path markers = Files.createDirectories(scratch.resolve("markers"));
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    try {
      for (int kill = 0; kill < Math.max(1, scale.kills() / 3); kill++) {
        try (Node node = start(work)) {
          Thread submitter = submitter(new Client(node.base()), plan, markers, accepted, figures);
          submitter.start();
          Thread.sleep(300 + random.nextInt(3000)); // the random instant
          node.kill9();
          submitter.join(Client.TIMEOUT.toMillis() * 2);
          figures.faultsSurvived++;
        }
      }
      try (Node last = start(work)) {
        Client client = new Client(last.base());
        submitter(client, plan, markers, accepted, figures).run();
        client.post("/v1/tasks/" + prefix + WaitPlan.STOPPED + "/stop", "");
        List<String> ids = plan.tasks.stream().map(t -> prefix + t.name()).toList();
        Map<String, JsonNode> views = TaskChecks.awaitFinal(client, ids, Duration.ofMinutes(5));
        new WaitChecks(prefix, plan, markers, figures).check(views, accepted);
      }
      figures.leaked = Kernel.taskProcesses(prefix).size();
    } finally {
      Kernel.killTasks(prefix, work);
    }
    return figures;
  }

  private static Node start(Path work) throws IOException, InterruptedException {
    return Node.start(work, List.of(), Map.of(), "--heartbeat-ms", "500").awaitListening();
  }

  /** Sends every task not yet accepted, in plan order, until done or the node stops answering. */
  private Thread submitter(Client client, WaitPlan plan, Path markers, Set<String> accepted, Figures figures) {
    Thread t = new Thread(() -> {
      for (WaitPlan.Task task : plan.tasks) {
        String id = prefix + task.name();
        if (accepted.contains(id)) {
          continue;
        }
        try {
          Client.Answer answer = client.post("/v1/tasks", WaitPlan.definition(prefix, task, markers));
          if (answer.status() == 200 || answer.status() == 201) {
            accepted.add(id);
          } else {
            synchronized (figures) {
              if (answer.status() >= 500) {
                figures.serverErrors++;
              }
              figures.fail("POST %s: %d %s", id, answer.status(), answer.body());
            }
            return; // the later tasks may name this one
          }
          Thread.sleep(30);
        } catch (IOException e) {
          return; // the node was killed: the next one gets the rest, in order
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, "waits-submitter");
    t.setDaemon(true);
    return t;
  }
}
