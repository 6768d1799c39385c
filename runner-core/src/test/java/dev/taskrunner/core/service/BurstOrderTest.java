package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
  private LocalTaskService service;

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aBurstFromManyThreadsIsLaunchedInSeqOrder() throws Exception {
    FakeEnvironment environment = new FakeEnvironment();
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().maxRunningTasks(TASKS).limits(1 << 20, 0).build();
    service = new LocalTaskService(config, environment, Clock.systemUTC());
    service.start();
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
  void aPlaceLetThroughWithoutWorkLetsTheNextOneGoAndEachGoesInItsTurn() throws Exception {
    SubmissionOrder order = new SubmissionOrder(Duration.ofMinutes(5));
    long first = order.take();
    long second = order.take();
    long third = order.take();
    List<Long> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread late = new Thread(() -> order.inTurn(third, () -> ran.add(third)));
    late.start();
    Thread middle = new Thread(() -> order.inTurn(second, () -> ran.add(second)));
    middle.start();

    order.release(first); // the first made no task

    middle.join(10_000);
    late.join(10_000);
    assertEquals(List.of(second, third), ran);
  }

  @Test
  void aPlaceThatNeverEndsHoldsTheOthersForOneLongestWaitNotOneEach() throws Exception {
    SubmissionOrder order = new SubmissionOrder(Duration.ofSeconds(5));
    order.take(); // stuck: a store that never returns
    long second = order.take();
    long third = order.take();
    List<Long> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

    long start = System.nanoTime();
    order.inTurn(second, () -> ran.add(second)); // waits the longest wait for the stuck one
    assertTrue(System.nanoTime() - start >= Duration.ofSeconds(5).toNanos(), "the order was kept while it could be");
    long thirdStart = System.nanoTime();
    order.inTurn(third, () -> ran.add(third)); // the stuck place no longer holds anyone

    assertTrue(System.nanoTime() - thirdStart < Duration.ofMillis(2500).toNanos(), "waited for the stuck place again");
    assertEquals(List.of(second, third), ran);
  }
}
