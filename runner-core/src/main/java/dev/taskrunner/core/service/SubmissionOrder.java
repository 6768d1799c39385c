package dev.taskrunner.core.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands submissions to the scheduler in the order they took their place (their {@code seq}), though
 * they store their directories concurrently: a hand-over whose turn has not come is kept, and run
 * by the thread that lets the last place ahead of it through, so launches are first in, first out
 * by {@code seq} even in a burst, and no submission's answer waits for the disk writes of the ones
 * ahead of it. Each place is let through once: by its hand-over ({@link #inTurn}) or, for a
 * submission that ends without a task, by {@link #release}. A place held longer than the longest
 * wait (a store stuck on a failing disk) stops holding the others: order is kept where it can be,
 * no submission waits on another for ever.
 */
final class SubmissionOrder {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionOrder.class);
  /** Far above a directory's store, even on a loaded machine; a safety valve, not a schedule. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
  /** Ends longest waits; one daemon thread for every order in the JVM, its timers dropped once not needed. */
  private static final ScheduledThreadPoolExecutor EXPIRY = expiry();
  private final long longestWaitNanos;
  private long issued;
  /** The first place not yet through. */
  private long next;
  /** Places through ahead of their turn. */
  private final Set<Long> through = new HashSet<>();
  /** Hand-overs whose turn has not come, by place. */
  private final TreeMap<Long, Runnable> waiting = new TreeMap<>();
  /** Places whose hand-over waits or runs: only it lets them through. */
  private final Set<Long> handed = new HashSet<>();
  /** The longest-wait timers of the kept hand-overs, by place. */
  private final Map<Long, ScheduledFuture<?>> timers = new HashMap<>();

  SubmissionOrder() {
    this(LONGEST_WAIT);
  }

  SubmissionOrder(Duration longestWait) {
    this.longestWaitNanos = longestWait.toNanos();
  }

  /** The next place; take it together with the {@code seq} it stands for, under the same lock. */
  synchronized long take() {
    return issued++;
  }

  /**
   * Runs {@code action} for {@code place} once every earlier place is through, then lets it
   * through. In its turn now (or past it), it runs here, with the hand-overs that then come into
   * their turn, and this returns {@code true}; a failure of {@code action} is thrown here. Else it
   * is kept for the thread that lets the place ahead through (or for the longest wait's end) and
   * this returns {@code false} at once.
   */
  boolean inTurn(long place, Runnable action) {
    synchronized (this) {
      if (place > next) {
        handed.add(place);
        waiting.put(place, action);
        timers.put(place, EXPIRY.schedule(() -> expire(place), longestWaitNanos, TimeUnit.NANOSECONDS));
        return false;
      }
      handed.add(place);
    }
    run(new ArrayList<>(List.of(Map.entry(place, action))), true);
    return true;
  }

  /**
   * Lets {@code place} through, for a submission that made no task; the hand-overs that come into
   * their turn run here. A place handed over ({@link #inTurn}) is let through by its hand-over
   * alone, so calling this for every place, task or not, is harmless.
   */
  void release(long place) {
    List<Map.Entry<Long, Runnable>> due;
    synchronized (this) {
      if (handed.contains(place)) {
        return;
      }
      due = letThrough(place);
    }
    run(due, false);
  }

  /**
   * Runs hand-overs in order, each followed by the ones its place lets into their turn. The first
   * one's failure is the caller's when {@code own}; the others' are logged (their submissions were
   * answered already: their tasks are stored, and the scheduler's next start reads them).
   */
  private void run(List<Map.Entry<Long, Runnable>> due, boolean own) {
    RuntimeException failure = null;
    for (int i = 0; i < due.size(); i++) {
      Map.Entry<Long, Runnable> handOver = due.get(i);
      try {
        handOver.getValue().run();
      } catch (RuntimeException e) {
        if (own && i == 0) {
          failure = e;
        } else {
          LOG.error("handing submission {} to the scheduler failed", handOver.getKey(), e);
        }
      }
      synchronized (this) {
        handed.remove(handOver.getKey());
        due.addAll(letThrough(handOver.getKey()));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Guarded: marks {@code place} through and takes the hand-overs that are in their turn now. */
  private List<Map.Entry<Long, Runnable>> letThrough(long place) {
    if (place < next) {
      return List.of(); // let through already, or skipped by an expiry
    }
    through.add(place);
    while (through.remove(next)) {
      next++;
    }
    return takeDue();
  }

  /** Guarded: the kept hand-over of the first place not through, if it is kept (at most one is due at a time). */
  private List<Map.Entry<Long, Runnable>> takeDue() {
    Runnable action = waiting.remove(next);
    cancelTimer(next);
    return action == null ? new ArrayList<>() : new ArrayList<>(List.of(Map.entry(next, action)));
  }

  /**
   * The longest wait for {@code place} is over: the places ahead of it that still have not come
   * stop holding anyone. The hand-overs kept ahead of it run first, in order, then its own.
   */
  private void expire(long place) {
    List<Map.Entry<Long, Runnable>> due = new ArrayList<>();
    synchronized (this) {
      if (!waiting.containsKey(place)) {
        return; // ran in its turn
      }
      Map<Long, Runnable> ahead = waiting.headMap(place, true);
      for (Map.Entry<Long, Runnable> e : ahead.entrySet()) {
        due.add(Map.entry(e.getKey(), e.getValue()));
        cancelTimer(e.getKey());
      }
      ahead.clear();
      through.removeIf(p -> p < place);
      next = place; // later places wait only for this one now (and for those between that store still)
    }
    run(due, false);
  }

  /** Guarded. */
  private void cancelTimer(long place) {
    ScheduledFuture<?> timer = timers.remove(place);
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor expiry() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "submission-order-expiry");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
