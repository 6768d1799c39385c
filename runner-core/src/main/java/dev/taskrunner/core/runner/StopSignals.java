package dev.taskrunner.core.runner;

import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM, SIGINT and SIGHUP into a stop request instead of the JVM's default (exit at
 * once, running shutdown hooks): the runner must stop its task, run its cleanup and write
 * {@code canceled} before it exits.
 */
final class StopSignals {
  static final int SIGHUP = 1;
  static final int SIGINT = 2;
  static final int SIGTERM = 15;

  private StopSignals() {}

  /** Calls {@code onStop} with the signal number on each of those signals. */
  static void install(IntConsumer onStop) {
    handle("TERM", SIGTERM, onStop);
    handle("INT", SIGINT, onStop);
    handle("HUP", SIGHUP, onStop);
  }

  private static void handle(String name, int number, IntConsumer onStop) {
    try {
      Signal.handle(new Signal(name), new Forward(number, onStop));
    } catch (IllegalArgumentException e) {
      // The JVM reserves this signal here (e.g. with -Xrs); the default behaviour stays.
    }
  }

  /** No lambda: the runner runs interpreted and its first lambda costs ~4 ms of bootstrap. */
  private static final class Forward implements SignalHandler {
    private final int number;
    private final IntConsumer onStop;

    Forward(int number, IntConsumer onStop) {
      this.number = number;
      this.onStop = onStop;
    }

    @Override
    public void handle(Signal signal) {
      onStop.accept(number);
    }
  }
}
