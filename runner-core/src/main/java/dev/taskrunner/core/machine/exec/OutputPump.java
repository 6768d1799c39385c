package dev.taskrunner.core.machine.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies the command's output pipe to the task's output as it comes. If the output cannot be
 * written (a full disk), the pipe is still read to its end and the rest discarded: a command
 * must never block on a pipe nobody reads.
 */
final class OutputPump {
  /** How long {@link #drain} waits for the pipe's end once the task's processes are gone. */
  private static final long DRAIN_MILLIS = 5_000;
  private final Thread thread;

  private OutputPump(Thread thread) {
    this.thread = thread;
  }

  static OutputPump start(InputStream pipe, OutputStream output) {
    Thread thread = new Thread(() -> copy(pipe, output), "exec-output");
    thread.setDaemon(true);
    thread.start();
    return new OutputPump(thread);
  }

  private static void copy(InputStream pipe, OutputStream output) {
    byte[] buffer = new byte[8192];
    boolean writable = true;
    try (pipe) {
      for (int n; (n = pipe.read(buffer)) >= 0; ) {
        if (writable) {
          try {
            output.write(buffer, 0, n);
          } catch (IOException e) {
            writable = false;
          }
        }
      }
    } catch (IOException e) {
      // the pipe was closed under us: nothing more to copy
    }
  }

  /**
   * Waits until everything written to the pipe is copied: the end comes once no process holds it.
   * Bounded: a process that escaped both the task's group and its cookie could hold it for ever,
   * and then the rest of its output is not waited for.
   */
  void drain() {
    try {
      thread.join(DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
