package dev.taskrunner.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md: status.json is written "atomically (temp file + rename; a reader never sees a torn file)". */
class StatusFileTornReadTest {
  private static final int WRITES = 10_000;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @TempDir Path directory;

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void aReaderPollingWhileTheStatusIsRewrittenNeverSeesATornFile() throws Exception {
    // GIVEN two statuses of different lengths, so that a torn read could not parse or would mix them
    Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
    TaskStatus running = TaskStatus.started("torn-read", 4242, t0, "node-1", t0);
    TaskStatus finished = running.finish(t0.plusSeconds(60), 3, Outcome.FAILED, "a longer record with a reason, "
        + "x".repeat(300));
    List<TaskStatus> written = List.of(running, finished);
    StatusFile writerFile = new StatusFile(directory);
    StatusFile readerFile = new StatusFile(directory);
    writerFile.write(running, false);

    // WHEN one thread rewrites status.json 10,000 times while another polls it
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch readerStarted = new CountDownLatch(1);
    AtomicInteger present = new AtomicInteger();
    ConcurrentLinkedQueue<StatusRead> unexpected = new ConcurrentLinkedQueue<>();
    Future<?> reader = threads.submit(() -> {
      readerStarted.countDown();
      while (writing.get()) {
        StatusRead read = readerFile.read();
        if (read instanceof StatusRead.Present p && written.contains(p.status())) {
          present.incrementAndGet();
        } else {
          unexpected.add(read);
        }
      }
    });
    Future<?> writer = threads.submit(() -> {
      try {
        readerStarted.await();
        for (int i = 0; i < WRITES; i++) {
          writerFile.write(written.get(i % 2), false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        writing.set(false);
      }
      return null;
    });
    writer.get(2, TimeUnit.MINUTES);
    reader.get(10, TimeUnit.SECONDS);

    // THEN every read found one of the statuses written, whole
    assertEquals(0, unexpected.size(), unexpected.size() + " reads were not one of the written statuses, e.g. "
        + unexpected.stream().limit(3).toList());
    assertTrue(present.get() > 100, "the reader saw a status only " + present.get() + " times");
  }
}
