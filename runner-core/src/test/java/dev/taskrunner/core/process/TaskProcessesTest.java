package dev.taskrunner.core.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding and stopping a task's processes by their cookie, with real processes. */
class TaskProcessesTest {
  /** Generous: CI is a loaded 2-core box. */
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final String cookie = "test/" + UUID.randomUUID();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killEverythingStarted() {
    TaskProcesses.kill(cookie, Duration.ZERO);
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void findsTheProcessesWithTheExactCookieAndNoOther() {
    // GIVEN processes with the cookie, without it, and with values that only start or end like it
    Process with = start(cookie, "exec sleep 300");
    Process without = start(null, "exec sleep 300");
    Process longer = start(cookie + "x", "exec sleep 300");
    Process shorter = start(cookie.substring(0, cookie.length() - 1), "exec sleep 300");

    // THEN only the first is found (once it has exec'd with its environment)
    await().atMost(LIMIT).until(() -> TaskProcesses.find(cookie).equals(Set.of(with.pid())));
    assertTrue(TaskProcesses.any(cookie));
    assertFalse(TaskProcesses.any("test/" + UUID.randomUUID()));
    assertTrue(without.isAlive() && longer.isAlive() && shorter.isAlive());
  }

  @Test
  void killEndsTheTasksProcessesAndSparesOthers() throws Exception {
    Process with = start(cookie, "exec sleep 300");
    Process without = start(null, "exec sleep 300");
    await().atMost(LIMIT).until(() -> TaskProcesses.any(cookie));

    Set<Long> signalled = TaskProcesses.kill(cookie, GRACE);

    assertEquals(Set.of(with.pid()), signalled);
    assertTrue(with.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
    assertFalse(TaskProcesses.any(cookie));
    assertTrue(without.isAlive());
  }

  @Test
  void killReachesADoubleForkedDaemonInASessionOfItsOwn() throws Exception {
    // GIVEN a daemon that left its parent, group and session; its parent has exited
    Process parent = start(cookie, "(setsid sh -c 'echo $$; exec sleep 300' &)");
    long daemon = Long.parseLong(firstLine(parent));
    assertTrue(parent.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
    await().atMost(LIMIT).until(() -> TaskProcesses.find(cookie).contains(daemon));

    // WHEN the task is killed, THEN the daemon is gone
    assertTrue(TaskProcesses.kill(cookie, GRACE).contains(daemon));
    assertTrue(gone(daemon));
  }

  @Test
  void whatIgnoresSigtermIsKilledOnceTheGraceHasPassed() throws Exception {
    Process stubborn = start(cookie, "trap '' TERM; echo ready; exec sleep 300"); // ignored stays ignored across exec
    assertEquals("ready", firstLine(stubborn));
    await().atMost(LIMIT).until(() -> TaskProcesses.find(cookie).equals(Set.of(stubborn.pid())));

    TaskProcesses.kill(cookie, Duration.ofMillis(200));

    assertTrue(stubborn.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(128 + 9, stubborn.exitValue());
  }

  @Test
  void aZombieIsNotCounted() throws Exception {
    // GIVEN a child that ends (on a line from us) under a parent that never reaps it
    // (a background job's stdin is /dev/null unless redirected: fd 3 keeps ours)
    Process parent = start(cookie, "exec 3<&0; (read line <&3) & exec sleep 300");
    await().atMost(LIMIT).until(() -> parent.children().count() == 1 && TaskProcesses.find(cookie).size() == 2);
    long child = parent.children().findFirst().orElseThrow().pid();
    try (OutputStream stdin = parent.getOutputStream()) {
      stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(LIMIT).until(() -> state(child) == 'Z');

    // THEN only the parent is found
    assertEquals(Set.of(parent.pid()), TaskProcesses.find(cookie));
  }

  @Test
  void aPidThatNoLongerNamesATaskProcessIsNotSignalled() {
    // A pid found in a scan whose process ended and whose pid went to another process meanwhile
    // is this: a pid that names a process without the cookie when the signal is about to go.
    Process other = start(null, "exec sleep 300");
    await().atMost(LIMIT).until(() -> state(other.pid()) == 'S');

    assertFalse(new TaskProcesses.Target(cookie, null).signal(other.pid(), true));
    assertTrue(other.isAlive());
  }

  @Test
  void aProcessLeftInTheLeadersGroupIsKilledEvenWithoutTheCookie() throws Exception {
    // GIVEN a group leader with the cookie and a child that dropped it
    Process leader = start(cookie, "env -u " + TaskContext.COOKIE_VARIABLE + " sleep 300 & echo $!; exec sleep 300", true);
    long stray = Long.parseLong(firstLine(leader));

    Set<Long> signalled = TaskProcesses.kill(cookie, leader.toHandle(), GRACE);

    assertEquals(Set.of(leader.pid(), stray), signalled);
    assertTrue(gone(stray));
  }

  private Process start(String cookieValue, String script) {
    return start(cookieValue, script, false);
  }

  /** {@code sh -c script}, with the cookie when given; {@code leader}: in a group of its own. */
  private Process start(String cookieValue, String script, boolean leader) {
    List<String> command = new ArrayList<>(List.of("sh", "-c", script));
    if (leader) {
      command.add(0, ProcessTree.setsid().orElseThrow());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove(TaskContext.COOKIE_VARIABLE);
    if (cookieValue != null) {
      builder.environment().put(TaskContext.COOKIE_VARIABLE, cookieValue);
    }
    try {
      Process p = builder.start();
      started.add(p);
      return p;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String firstLine(Process p) throws IOException {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  private static boolean gone(long pid) {
    char state = state(pid);
    return state == 0 || state == 'Z' || state == 'X';
  }

  /** The state letter in {@code /proc/PID/stat}, or 0 when there is no such process. */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return 0;
    }
  }
}
