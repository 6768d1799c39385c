package dev.taskrunner.core.fs;

import java.nio.file.Path;

/**
 * Forces one directory's entries to disk for many threads at once (a group commit). {@link #force}
 * returns once a force that began after the call has completed, so whatever the caller did in the
 * directory before calling is on disk; callers that arrive while a force runs share the next one.
 * In a burst of submissions each renaming its task directory into the work root, one force of the
 * work root then stands for many (it is the one force every submission would otherwise make of the
 * same directory, one after another).
 */
public final class GroupForce {
  private final Runnable action;
  /** Forces begun, and the last completed (numbered by the count when it began); guarded by this. */
  private long begun;
  private long completed;
  /** A force runs (one at a time); guarded by this. */
  private boolean running;

  public GroupForce(Path dir) {
    this(() -> AtomicFiles.forceDirectory(dir));
  }

  private GroupForce(Runnable action) {
    this.action = action;
  }

  /** Grouping calls of {@code action} instead of a directory's force (tests). */
  static GroupForce of(Runnable action) {
    return new GroupForce(action);
  }

  /**
   * Returns once the directory was forced by a force that began after this call (as {@link
   * AtomicFiles#forceDirectory}). A force that throws, or is interrupted, counts for no one: the
   * callers that waited for it run another. The caller's interrupt is kept, not acted on: its change
   * must reach the disk first (and a set flag would have the force's open fail).
   */
  public void force() {
    boolean interrupted = false;
    try {
      long needed;
      synchronized (this) {
        needed = begun + 1; // one running now may have begun before the caller's change
      }
      while (true) {
        long mine;
        synchronized (this) {
          while (running && completed < needed) {
            try {
              wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          if (completed >= needed) {
            return;
          }
          running = true;
          mine = ++begun;
        }
        boolean done = false;
        // An interrupt that came while waiting may still be set (a wait that was notified too
        // returns normally): cleared, kept for the caller, so only one during the force voids it.
        interrupted |= Thread.interrupted();
        try {
          action.run();
          done = !Thread.interrupted(); // an interrupt during the force may have closed its channel
          interrupted |= !done;
        } finally {
          synchronized (this) {
            running = false;
            if (done) {
              completed = mine;
            }
            notifyAll();
          }
        }
      }
    } finally {
      restore(interrupted);
    }
  }

  private static void restore(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
