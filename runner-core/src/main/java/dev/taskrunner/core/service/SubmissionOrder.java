package dev.taskrunner.core.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Hands submissions to the scheduler in the order they took their place (their {@code seq}), though
 * they store their directories concurrently: a submission whose directory is ready waits for the
 * ones ahead of it, so launches are first in, first out by {@code seq} even in a burst. Each place
 * is let through once, by {@link #inTurn} or, for a submission that ends without a task, by
 * {@link #release}. A place held longer than the longest wait (a store stuck on a failing disk)
 * stops holding the others: order is kept where it can be, no submission hangs on another.
 */
final class SubmissionOrder {
  /** Far above a directory's store, even on a loaded machine; a safety valve, not a schedule. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
  private final long longestWaitNanos;
  private long issued;
  /** The first place not yet through. */
  private long next;
  /** Places through ahead of their turn. */
  private final Set<Long> through = new HashSet<>();

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

  /** Runs {@code action} once every earlier place is through (or after the longest wait), then lets {@code place} through. */
  void inTurn(long place, Runnable action) {
    synchronized (this) {
      long deadline = System.nanoTime() + longestWaitNanos;
      boolean interrupted = false;
      while (next < place) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          // The places ahead stop holding anyone: the next ones wait only for this one, not each
          // for its own longest wait behind a place that never ends.
          through.removeIf(p -> p < place);
          next = place;
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      action.run();
    } finally {
      release(place);
    }
  }

  /** Lets {@code place} through; the places after it that are through already follow. Once per place is enough, twice is harmless. */
  synchronized void release(long place) {
    if (place < next) {
      return;
    }
    through.add(place);
    while (through.remove(next)) {
      next++;
    }
    notifyAll();
  }
}
