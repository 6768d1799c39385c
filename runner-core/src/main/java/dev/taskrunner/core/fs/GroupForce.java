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
  /** Forces begun, and completed; a force is numbered by the count when it began. */
  private long begun;
  private long completed;
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

  /** Returns once the directory was forced by a force that began after this call (as {@link AtomicFiles#forceDirectory}). */
  public void force() {
    long needed;
    long mine;
    boolean interrupted = false;
    synchronized (this) {
      needed = begun + 1; // one running now may have begun before the caller's change
      while (running && completed < needed) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // the caller's change must still reach the disk before it returns
        }
      }
      if (completed >= needed) {
        restore(interrupted);
        return;
      }
      running = true;
      mine = ++begun;
    }
    try {
      action.run();
    } finally {
      synchronized (this) {
        running = false;
        completed = mine;
        notifyAll();
      }
      restore(interrupted);
    }
  }

  private static void restore(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
