package dev.taskrunner.core.machine.echo;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskFailedException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Runs an echo script: the main part, then CLEANUP. A cancel ends the main part at once, even mid-SLEEP. */
final class EchoExecution implements Execution {
  private final EchoScript script;
  /** Guarded by {@code this}; a SLEEP waits on {@code this} so that cancel wakes it. */
  private boolean canceled;

  EchoExecution(EchoScript script) {
    this.script = script;
  }

  @Override
  public dev.taskrunner.core.task.Resources resources() {
    return script.resources();
  }

  @Override
  public int run(TaskContext context) throws IOException, InterruptedException {
    return execute(script.main(), context, true);
  }

  @Override
  public void cleanup(TaskContext context) throws IOException, InterruptedException {
    // Cleanup runs to its end even after a cancel: that is its purpose. The node's grace period bounds it.
    execute(script.cleanup(), context, false);
  }

  @Override
  public synchronized void cancel() {
    canceled = true;
    notifyAll();
  }

  private int execute(List<Statement> statements, TaskContext context, boolean cancelable)
      throws IOException, InterruptedException {
    for (Statement s : statements) {
      if (cancelable && isCanceled()) {
        return 0;
      }
      switch (s.kind()) {
        case ECHO:
          context.output().line(s.text());
          break;
        case LOG:
          context.output().line(Instant.now() + " " + s.text());
          break;
        case SLEEP:
          sleep(s.seconds(), cancelable);
          break;
        case RETURN:
          return s.code();
        case RAISE:
          throw new TaskFailedException(s.text());
        default:
          break; // USE declares resources; nothing to run
      }
    }
    return 0;
  }

  private synchronized boolean isCanceled() {
    return canceled;
  }

  private synchronized void sleep(double seconds, boolean cancelable) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      if (cancelable && canceled) {
        return;
      }
      long millis = left / 1_000_000;
      wait(millis, (int) (left % 1_000_000));
    }
  }
}
