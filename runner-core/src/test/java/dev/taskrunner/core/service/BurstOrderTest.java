package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks submitted at once from many threads are launched in the order the node gave them
 * ({@code seq}, the order of the list), though their directories are stored concurrently; and a
 * submission that makes no task does not hold the ones after it.
 */
class BurstOrderTest {
  private static final int TASKS = 200;
  private static final int THREADS = 16;
  @TempDir Path workRoot;
  @RegisterExtension final FakeNodes nodes = new FakeNodes();
  private LocalTaskService service;

  @Test
  void aBurstFromManyThreadsIsLaunchedInSeqOrder() throws Exception {
    FakeEnvironment environment = new FakeEnvironment();
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().maxRunningTasks(TASKS).limits(1 << 20, 0).build();
    service = nodes.start(config, environment);
    service.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"before\"}".getBytes());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> senders = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        senders.add(pool.submit(() -> {
          go.await();
          for (int i = next.getAndIncrement(); i < TASKS; i = next.getAndIncrement()) {
            // every fourth one is refused (another definition under a taken id) among the others
            if (i % 4 == 3) {
              assertThrows(TaskConflictException.class, () -> service.submit(
                  "{\"machine\":\"echo\",\"parameters\":[\"ECHO other\"],\"id\":\"before\"}".getBytes()));
            } else {
              service.submit(("{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"t" + i + "\"}").getBytes());
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : senders) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // A submission answered queued does not wait for its launch: wait for the scheduler's passes.
    await().atMost(Duration.ofSeconds(60)).until(() -> service.count(TaskState.RUNNING) >= 1 + TASKS * 3 / 4);
    List<Long> seqs = new ArrayList<>();
    for (Path dir : List.copyOf(environment.launched)) {
      seqs.add(NodeMarks.parse(Files.readAllBytes(dir.resolve("node.json"))).seq());
    }
    assertEquals(1 + TASKS * 3 / 4, seqs.size(), "every task made was launched");
    assertEquals(service.count(TaskState.RUNNING), seqs.size());
    List<Long> sorted = new ArrayList<>(seqs);
    sorted.sort(null);
    assertEquals(sorted, seqs, "launched in seq order");
  }

  @Test
  void aHandOverWhoseTurnHasNotComeIsRunByTheOneThatLetsThePlaceAheadThrough() {
    SubmissionOrder order = new SubmissionOrder(Duration.ofMinutes(5));
    long first = order.take();
    long second = order.take();
    long third = order.take();
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

    assertFalse(order.inTurn(third, () -> ran.add("third on " + Thread.currentThread().getName())), "not its turn: kept");
    assertFalse(order.inTurn(second, () -> ran.add("second on " + Thread.currentThread().getName())), "not its turn: kept");
    assertEquals(List.of(), ran, "nothing runs before the first place is through");
    order.release(first); // the first made no task

    String here = Thread.currentThread().getName();
    assertEquals(List.of("second on " + here, "third on " + here), ran, "each in its turn, by the thread that let the first through");
    assertTrue(order.inTurn(order.take(), () -> ran.add("fourth")), "a place in its turn runs at once");
    assertEquals("fourth", ran.get(2));
  }

  @Test
  void aHandOverThatFailsIsTheCallersFailureAndTheOnesBehindItStillRun() {
    SubmissionOrder order = new SubmissionOrder(Duration.ofMinutes(5));
    long first = order.take();
    long second = order.take();
    List<Long> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    assertFalse(order.inTurn(second, () -> ran.add(second)));

    assertThrows(IllegalStateException.class, () -> order.inTurn(first, () -> {
      throw new IllegalStateException("scheduler closed");
    }));

    assertEquals(List.of(second), ran);
    order.release(first); // as the submission's own clean-up does: harmless once through
    order.release(second);
    assertTrue(order.inTurn(order.take(), () -> ran.add(99L)));
    assertEquals(List.of(second, 99L), ran);
  }

  @Test
  void aPlaceThatNeverEndsHoldsTheOthersForOneLongestWaitNotOneEach() {
    SubmissionOrder order = new SubmissionOrder(Duration.ofSeconds(5));
    long stuck = order.take(); // a store that does not return
    long second = order.take();
    long third = order.take();
    List<Long> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

    assertFalse(order.inTurn(third, () -> ran.add(third)));
    assertFalse(order.inTurn(second, () -> ran.add(second)));
    assertEquals(List.of(), ran, "the order is kept while it can be");

    await().atMost(Duration.ofSeconds(60)).until(() -> ran.size() == 2);
    assertEquals(List.of(second, third), ran, "after the longest wait, in order");
    // The expiry lets the third place through just after running it: a next place runs at once
    // from then on, here or, if it came in that instant, on the expiry's thread.
    order.inTurn(order.take(), () -> ran.add(-1L));
    await().atMost(Duration.ofSeconds(60)).until(() -> ran.contains(-1L));
    assertTrue(order.inTurn(stuck, () -> ran.add(stuck)), "the stuck one, when it comes, runs at once (out of its turn)");
    assertEquals(List.of(second, third, -1L, stuck), ran);
  }
}
