package dev.taskrunner.core.machine.exec;

import static dev.taskrunner.core.machine.exec.ExecFixture.prepare;
import static dev.taskrunner.core.machine.exec.ExecFixture.withoutPerl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.machine.TaskSignaledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A task with a user of its own ({@code nobody}) runs as that user and cannot touch the runner's
 * files beside its directory. Needs root (as a node with task users runs): skipped otherwise.
 */
class ExecTaskUserTest {
  private static final String USER = "nobody";

  @RegisterExtension final ExecFixture task = new ExecFixture();

  @Test
  void theCommandRunsAsTheTaskUserAndCannotTouchTheRunnersFiles() throws Exception {
    assumeRoot();
    // GIVEN the runner's own file beside the task's directory, as a node lays them out
    Files.setPosixFilePermissions(task.root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path status = Files.writeString(task.root.resolve("status.json"), "{}\n");
    Files.setPosixFilePermissions(status, PosixFilePermissions.fromString("rw-------"));
    String script = "id -u; echo $USER $LOGNAME $HOME; echo x >> ../status.json && echo wrote-status;"
        + " touch ../intruder && echo created-beside; touch mine && echo created-mine";

    // WHEN the task runs as nobody
    int code = prepare("{\"command\": \"" + script + "\", \"shell\": true}").run(task.asUser(USER));

    // THEN it is nobody, with nobody's login variables, owns its directory and nothing else
    TaskUser nobody = TaskUser.lookUp(USER);
    assertEquals(0, code, task.output());
    assertTrue(task.output().startsWith(nobody.uid() + "\n" + USER + " " + USER + " " + nobody.home() + "\n"), task.output());
    assertTrue(task.output().contains("created-mine"), task.output());
    assertFalse(task.output().contains("wrote-status"), task.output());
    assertFalse(task.output().contains("created-beside"), task.output());
    assertEquals("{}\n", Files.readString(status));
    assertFalse(Files.exists(task.root.resolve("intruder")));
    assertEquals(nobody.uid(), Files.getAttribute(task.directory, "unix:uid"));
  }

  @Test
  void asTheTaskUserAMissingProgramIsAnErrorAndASignalIsASignal() {
    assumeRoot();

    TaskFailedException missing = assertThrows(TaskFailedException.class,
        () -> prepare("{\"command\": [\"/nonexistent/cmd\"]}").run(task.asUser(USER)));
    TaskSignaledException killed = assertThrows(TaskSignaledException.class,
        () -> prepare("{\"command\": [\"sh\", \"-c\", \"kill -9 $$\"]}").run(task.asUser(USER)));

    assertEquals("cannot run /nonexistent/cmd: No such file or directory", missing.getMessage());
    assertEquals(9, killed.signal());
  }

  @Test
  void withoutPerlTheCommandStillRunsAsTheTaskUser() throws Exception {
    assumeRoot();

    assertEquals(0, withoutPerl("{\"command\": [\"id\", \"-u\"]}").run(task.asUser(USER)));

    assertEquals(TaskUser.lookUp(USER).uid() + "\n", task.output());
  }

  @Test
  void anUnknownTaskUserIsAnError() {
    TaskFailedException e = assertThrows(TaskFailedException.class,
        () -> prepare("{\"command\": [\"true\"]}").run(task.asUser("no-such-user-here")));

    assertEquals("task user 'no-such-user-here' does not exist on this host", e.getMessage());
  }

  private static void assumeRoot() {
    boolean root;
    try {
      root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (Exception e) {
      root = false;
    }
    assumeTrue(root, "skipped: running a task as another user needs the runner to be root (CI runs as root)");
  }
}
