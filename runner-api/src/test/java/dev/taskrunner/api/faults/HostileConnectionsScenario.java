package dev.taskrunner.api.faults;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: hostile connections held open — a third send headers a byte a second, a third send a
 * body a byte a second, a third follow the output of a quiet task — while a normal client polls
 * {@code /health} and {@code GET /v1/tasks}. Reports the normal client's p50/p99 and failures.
 */
final class HostileConnectionsScenario implements Scenario {
  private final String idPrefix;

  HostileConnectionsScenario(String idPrefix) {
    this.idPrefix = idPrefix + "hc-";
  }

  @Override
  public Figures run(Path scratch, Scale scale) throws Exception {
    Figures figures = new Figures("hostile connections");
    Path work = Files.createDirectories(scratch.resolve("work"));
    Path gate = scratch.resolve("quiet.gate");
    int each = scale.hostileConnections() / 3;
    List<Trickler> slow = new ArrayList<>();
    List<Socket> followers = new ArrayList<>();
    // every follower is served (none refused with 503), so all of them hold a connection and a thread
    try (Node node = Node.start(work, List.of(), Map.of(), "--max-followers", Integer.toString(each + 1))
        .awaitListening()) {
      Client client = new Client(node.base());
      String quiet = idPrefix + "quiet";
      client.post("/v1/tasks", "{\"id\":\"" + quiet + "\",\"machine\":\"exec\",\"parameters\":{\"command\":"
          + "\"while [ ! -e '" + gate + "' ]; do sleep 0.5; done\",\"shell\":true}}");
      for (int i = 0; i < each; i++) {
        slow.add(new Trickler(node.port(), "GET /v1/tasks HTTP/1.1\r\nHost: x\r\nX-Slow: "));
        slow.add(new Trickler(node.port(), "POST /v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100000\r\n\r\n{\"name\":\""));
        Socket follower = new Socket("127.0.0.1", node.port());
        follower.getOutputStream().write(("GET /v1/tasks/" + quiet + "/output?follow=true HTTP/1.1\r\nHost: x\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        followers.add(follower);
      }
      HealthWatch watch = new HealthWatch(client, true);
      watch.start();
      long end = System.nanoTime() + scale.holdSeconds() * 1_000_000_000L;
      while (System.nanoTime() < end) {
        slow.forEach(Trickler::trickle);
        Thread.sleep(1000);
      }
      watch.finish(figures, "normal client (GET /health, GET /v1/tasks) under the load");
      figures.load = String.format("%d slow headers + %d slow bodies + %d followers, %d s", each, each, each,
          scale.holdSeconds());
      figures.faultsSurvived = slow.size() + followers.size();
      figures.inputsTried = figures.faultsSurvived;
      long reopened = slow.stream().mapToLong(t -> t.reopened).sum();
      long followersOpen = followers.stream().filter(HostileConnectionsScenario::stillOpen).count();
      figures.note("slow connections the node closed and the suite opened again: %d (body deadline %s); followers"
          + " still streaming at the end: %d of %d", reopened, "30 s", followersOpen, followers.size());
      if (!node.process.isAlive()) {
        figures.fail("the node died: %s", node.tail());
      }
      Files.createFile(gate);
    } finally {
      slow.forEach(Trickler::close);
      followers.forEach(HostileConnectionsScenario::close);
      Kernel.killTasks(idPrefix, work);
    }
    return figures;
  }

  private static boolean stillOpen(Socket follower) {
    try {
      follower.setSoTimeout(1);
      while (follower.getInputStream().read() >= 0) {
        // drain the response head
      }
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
