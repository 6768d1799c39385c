package dev.taskrunner.api.events;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open stream's place in the feed: where its replay starts and ends, and a bounded queue of the
 * live frames that came after. A stream that falls {@code capacity} frames behind is dropped: the
 * feed stops queueing for it, and {@link #next} answers {@link #DROPPED} once the queue is drained,
 * so a slow client costs the node at most {@code capacity} frames (shared, not copied).
 *
 * @param resetReason non-null when the client's {@code Last-Event-ID} cannot be resumed from
 */
public final class Subscription {
  /** Answered by {@link #next} when the feed dropped this stream or was closed. */
  static final byte[] DROPPED = new byte[0];
  private final BlockingQueue<byte[]> live;
  final long replayAfter;
  final long replayUpTo;
  final String resetReason;
  /** Written by the feed's writer under the feed's lock; read by the stream's thread. */
  private volatile boolean dropped;

  Subscription(int capacity, long replayAfter, long replayUpTo, String resetReason) {
    this.live = new ArrayBlockingQueue<>(capacity);
    this.replayAfter = replayAfter;
    this.replayUpTo = replayUpTo;
    this.resetReason = resetReason;
  }

  /** Queues a live frame; false (and dropped from now on) when the queue is full. */
  boolean offer(byte[] frame) {
    if (dropped) {
      return false;
    }
    if (!live.offer(frame)) {
      dropped = true;
      return false;
    }
    return true;
  }

  void drop() {
    dropped = true;
  }

  /** The next live frame; null when none came within the wait; {@link #DROPPED} at the end. */
  byte[] next(long waitMillis) throws InterruptedException {
    byte[] frame = live.poll();
    if (frame == null && dropped) {
      return DROPPED;
    }
    return frame != null ? frame : live.poll(waitMillis, TimeUnit.MILLISECONDS);
  }

  boolean dropped() {
    return dropped;
  }
}
