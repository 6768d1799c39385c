package dev.taskrunner.api.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel says, read from {@code /proc}: the processes of a suite's tasks (by the
 * {@code TASK_RUNNER_COOKIE} every task process carries, {@code taskId/boot/pid/ticks}) and a
 * process's resident memory. Only tasks whose id starts with the suite's own prefix are counted or
 * killed, so other engineers' tests on the same box are left alone.
 */
final class Kernel {
  static final String COOKIE = "TASK_RUNNER_COOKIE=";

  private Kernel() {
  }

  /** Live (not zombie) processes whose cookie names a task id starting with {@code idPrefix}. */
  static List<Long> taskProcesses(String idPrefix) {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        if (carries(proc, idPrefix) && !zombie(proc)) {
          found.add(Long.parseLong(proc.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /** SIGKILL to every process of the prefix's tasks and to runners of its work root: the suite's cleanup. */
  static void killTasks(String idPrefix, Path workRoot) {
    taskProcesses(idPrefix).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(workRoot.toString())).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
  }

  /** Resident set size in KiB ({@code VmRSS}), or -1 when the process is gone. */
  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return -1;
  }

  private static boolean carries(Path proc, String idPrefix) {
    try {
      String environ = new String(Files.readAllBytes(proc.resolve("environ")), ISO_8859_1);
      for (String entry : environ.split("\0")) {
        if (entry.startsWith(COOKIE + idPrefix)) {
          return true;
        }
      }
    } catch (IOException | SecurityException e) {
      // gone, or not ours to read
    }
    return false;
  }

  private static boolean zombie(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
