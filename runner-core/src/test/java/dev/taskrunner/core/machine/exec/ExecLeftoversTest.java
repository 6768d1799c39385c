package dev.taskrunner.core.machine.exec;

import static dev.taskrunner.core.machine.exec.ExecFixture.LIMIT;
import static dev.taskrunner.core.machine.exec.ExecFixture.gone;
import static dev.taskrunner.core.machine.exec.ExecFixture.prepare;
import static dev.taskrunner.core.machine.exec.ExecFixture.withoutPerl;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.Execution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing of a task outlives it: not a grandchild that left its group, not a daemon. */
class ExecLeftoversTest {
  /**
   * A grandchild in a session and group of its own, re-parented when its parent exits: it prints its
   * pid, and the command goes on once it has (so it is not stopped before it said who it is).
   */
  private static final String DAEMON = "(setsid sh -c 'echo daemon $$; echo > daemon-ready; exec sleep 300' &);"
      + " while [ ! -e daemon-ready ]; do :; done";

  @RegisterExtension final ExecFixture task = new ExecFixture();

  @Test
  void aGrandchildThatLeftTheGroupIsStoppedWhenTheCommandEnds() throws Exception {
    assertEquals(0, prepare(shell(DAEMON + "; echo main done")).run(task.context));

    long daemon = pidAfter("daemon ");
    await().atMost(LIMIT).until(() -> gone(daemon));
  }

  @Test
  void withoutPerlAGrandchildThatLeftTheGroupIsStoppedToo() throws Exception {
    assertEquals(0, withoutPerl(shell(DAEMON + "; echo main done")).run(task.context));

    long daemon = pidAfter("daemon ");
    await().atMost(LIMIT).until(() -> gone(daemon));
  }

  @Test
  void aGrandchildThatLeftTheGroupIsStoppedOnCancel() throws Exception {
    // GIVEN a long command whose daemon left its process group
    Execution execution = prepare(shell(DAEMON + "; echo started; exec sleep 300"));
    CompletableFuture<Integer> run = task.runInBackground(execution);
    await().atMost(LIMIT).until(() -> task.output().contains("started") && task.output().contains("daemon "));
    long daemon = pidAfter("daemon ");
    await().atMost(LIMIT).until(() -> group(daemon) == daemon); // it leads a group of its own

    // WHEN the task is canceled
    execution.cancel();

    // THEN the command ends by the signal, and the daemon is gone too
    await().atMost(LIMIT).until(run::isDone);
    assertEquals(15, ExecExecutionTest.signalOf(run));
    await().atMost(LIMIT).until(() -> gone(daemon));
  }

  @Test
  void aChildThatDroppedTheCookieButStayedInTheGroupIsStopped() throws Exception {
    Execution execution = prepare(shell("env -u TASK_RUNNER_COOKIE sleep 300 & echo stray $!"));
    try {
      assertEquals(0, execution.run(task.context));

      await().atMost(LIMIT).until(() -> gone(pidAfter("stray ")));
    } finally {
      ProcessHandle.of(pidAfter("stray ")).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aLeftoverThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    // trap '' stays across exec: this sleep ignores SIGTERM
    Execution execution = prepare(shell("(setsid sh -c 'trap \\\"\\\" TERM; echo stubborn $$; echo > ready; exec sleep 300' &);"
        + " while [ ! -e ready ]; do :; done"));

    assertEquals(0, execution.run(task.context));

    long stubborn = pidAfter("stubborn ");
    await().atMost(LIMIT).until(() -> gone(stubborn));
  }

  private static String shell(String command) {
    return "{\"command\": \"" + command + "\", \"shell\": true}";
  }

  private long pidAfter(String label) {
    return task.output().lines().filter(l -> l.startsWith(label)).map(l -> Long.parseLong(l.substring(label.length())))
        .findFirst().orElseThrow(() -> new AssertionError("no '" + label + "' in " + task.output()));
  }

  private static long group(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertNotEquals("Z", fields[0]);
    return Long.parseLong(fields[2]);
  }
}
