package dev.taskrunner.core.fs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupForceTest {

  @Test
  void callersArrivingDuringAForceShareTheNextOne() throws Exception {
    HeldFirstForce held = new HeldFirstForce();
    GroupForce group = held.group;
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      Future<?> first = pool.submit(group::force);
      assertTrue(held.firstBegun.await(10, TimeUnit.SECONDS));
      List<Thread> callers = Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> later = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        later.add(pool.submit(() -> {
          callers.add(Thread.currentThread());
          group.force();
        }));
      }
      // all eight waiting inside force() while the first force is held
      await().atMost(10, TimeUnit.SECONDS).until(() -> callers.size() == 8
          && callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      for (Future<?> f : later) {
        assertFalse(f.isDone(), "returned on a force that began before its call");
      }
      held.release.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (Future<?> f : later) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertEquals(2, held.forces.get(), "the eight callers share one force after the first");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyCallReturnsAfterAForceThatBeganAfterIt() throws Exception {
    AtomicLong clock = new AtomicLong();
    List<long[]> forces = Collections.synchronizedList(new ArrayList<>()); // {began, ended}
    GroupForce group = GroupForce.of(() -> {
      long began = clock.incrementAndGet();
      forces.add(new long[] {began, clock.incrementAndGet()});
    });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<long[]>> calls = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        calls.add(pool.submit(() -> {
          long called = clock.incrementAndGet();
          group.force();
          return new long[] {called, clock.incrementAndGet()};
        }));
      }
      for (Future<long[]> f : calls) {
        long[] call = f.get(30, TimeUnit.SECONDS);
        boolean covered;
        synchronized (forces) {
          covered = forces.stream().anyMatch(force -> force[0] > call[0] && force[1] < call[1]);
        }
        assertTrue(covered, "the call at " + call[0] + " returned at " + call[1] + " with no force begun after it");
      }
      assertTrue(forces.size() <= 2_000, "at most one force a call: " + forces.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anInterruptedCallerStillWaitsForItsForceAndKeepsItsInterrupt() throws Exception {
    HeldFirstForce held = new HeldFirstForce();
    GroupForce group = held.group;
    Thread first = new Thread(group::force);
    first.start();
    assertTrue(held.firstBegun.await(10, TimeUnit.SECONDS));
    AtomicInteger forcesSeen = new AtomicInteger(-1);
    AtomicInteger interrupted = new AtomicInteger();
    Thread caller = new Thread(() -> {
      group.force();
      forcesSeen.set(held.forces.get());
      interrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
    });
    caller.start();
    await().atMost(10, TimeUnit.SECONDS).until(() -> caller.getState() == Thread.State.WAITING);
    caller.interrupt();
    held.release.countDown();
    caller.join(10_000);
    first.join(10_000);
    assertEquals(2, forcesSeen.get(), "returned only after a force of its own");
    assertEquals(1, interrupted.get());
  }

  @Test
  void aForceThatFailedCountsForNoOneAndItsWaitersForceAgain() throws Exception {
    HeldFirstForce held = new HeldFirstForce();
    AtomicInteger failures = new AtomicInteger();
    GroupForce group = GroupForce.of(() -> {
      held.group.force(); // counts, and holds the first
      if (held.forces.get() == 2 && failures.getAndIncrement() == 0) {
        throw new IllegalStateException("the second force fails");
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> first = pool.submit(group::force);
      assertTrue(held.firstBegun.await(10, TimeUnit.SECONDS));
      List<Future<?>> later = List.of(pool.submit(group::force), pool.submit(group::force));
      await().atMost(10, TimeUnit.SECONDS).until(() -> waitingThreads(pool) == 2); // both later callers (the first, held, waits timed)
      held.release.countDown();
      first.get(10, TimeUnit.SECONDS);
      int failed = 0;
      for (Future<?> f : later) {
        try {
          f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          failed++; // the one that ran the failing force gets its exception
        }
      }
      assertEquals(1, failed);
      assertEquals(3, held.forces.get(), "the other waiter ran a force of its own after the failed one");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallerWithItsInterruptSetForcesWithTheFlagClearedAndKeepsIt() {
    AtomicInteger forcedWhileInterrupted = new AtomicInteger();
    GroupForce group = GroupForce.of(() -> {
      if (Thread.currentThread().isInterrupted()) {
        forcedWhileInterrupted.incrementAndGet(); // FileChannel.open would throw ClosedByInterruptException
      }
    });
    Thread.currentThread().interrupt();
    group.force();
    assertTrue(Thread.interrupted(), "the interrupt is kept");
    assertEquals(0, forcedWhileInterrupted.get());
  }

  private static long waitingThreads(ExecutorService pool) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("pool-") && t.getState() == Thread.State.WAITING)
        .filter(t -> java.util.Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getClassName().equals(GroupForce.class.getName())))
        .count();
  }

  /** Counts its forces and holds the first one until {@code release}. */
  private static final class HeldFirstForce {
    final CountDownLatch firstBegun = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger forces = new AtomicInteger();
    final GroupForce group = GroupForce.of(() -> {
      if (forces.incrementAndGet() == 1) {
        firstBegun.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
  }
}
