package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.process.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The user a task's processes run as ({@code TaskContext.taskUser()}), looked up through NSS with
 * {@code getent passwd} (so LDAP and the like count, as they do for {@code setpriv}). The runner is
 * root then; the task's command is started through util-linux {@code setpriv}, with the user's
 * uid, primary group and supplementary groups, and HOME, USER and LOGNAME set to the user's.
 */
record TaskUser(String name, int uid, int gid, String home) {
  private static final long LOOKUP_SECONDS = 30;

  /** @throws TaskFailedException when there is no such user or it cannot be looked up */
  static TaskUser lookUp(String name) {
    if (name.isEmpty() || name.startsWith("-") || name.contains(":") || name.contains("/") || name.contains("\n")) {
      throw new TaskFailedException("task user '" + name + "' is not a valid user name");
    }
    String entry = getent(name);
    String[] fields = entry.split(":", -1); // name:password:uid:gid:gecos:home:shell
    if (fields.length < 7) {
      throw new TaskFailedException("task user '" + name + "': getent gave an unreadable entry: " + entry);
    }
    return new TaskUser(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), fields[5]);
  }

  private static String getent(String name) {
    try {
      Process getent = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
      getent.getOutputStream().close();
      String out = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!getent.waitFor(LOOKUP_SECONDS, TimeUnit.SECONDS)) {
        getent.destroyForcibly();
        throw new TaskFailedException("task user '" + name + "': getent passwd did not answer in " + LOOKUP_SECONDS + " s");
      }
      if (getent.exitValue() == 2 || getent.exitValue() == 0 && out.isEmpty()) {
        throw new TaskFailedException("task user '" + name + "' does not exist on this host");
      }
      if (getent.exitValue() != 0) {
        throw new TaskFailedException("task user '" + name + "': getent passwd failed (exit " + getent.exitValue() + "): " + out);
      }
      return out.lines().findFirst().orElse("");
    } catch (IOException e) {
      throw new TaskFailedException("task user '" + name + "': cannot run getent (libc-bin): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskFailedException("task user '" + name + "': interrupted while looking the user up");
    }
  }

  /** The words that run a command as this user: {@code setpriv --reuid=U --regid=G --init-groups --}. */
  List<String> setpriv() {
    String setpriv = Executables.find("setpriv", System.getenv("PATH"))
        .orElseThrow(() -> new TaskFailedException("cannot run the task as user '" + name
            + "': setpriv (util-linux) is not installed"))
        .toString();
    return List.of(setpriv, "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--");
  }

  /** What a login as this user would have set. */
  Map<String, String> environment() {
    return Map.of("HOME", home, "USER", name, "LOGNAME", name);
  }

  /** Gives {@code directory} (itself, not what it holds; never through a symlink) to this user. */
  void own(Path directory) {
    try {
      Files.setAttribute(directory, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(directory, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new TaskFailedException("cannot give " + directory + " to task user '" + name + "' (the runner must run as root): "
          + e.getMessage());
    }
  }
}
