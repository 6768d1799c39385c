package dev.taskrunner.core.env;

import dev.taskrunner.core.process.FileLocks;
import dev.taskrunner.core.process.ProcStat;
import dev.taskrunner.core.runner.TaskRunnerMain;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds and ends the idle warm runners of an earlier node on the same pool: runner JVMs started
 * {@code --warm} whose working directory is the pool and that hold no lock (a warm runner that took
 * a task holds that task's {@code runner.lock}, and is left alone). They end by themselves when their
 * node goes; this is for any the kernel kept alive anyway.
 */
final class EarlierWarmRunners {
  private EarlierWarmRunners() {}

  static int end(Path pool) {
    Path real;
    try {
      real = pool.toRealPath();
    } catch (IOException e) {
      return 0;
    }
    Set<Long> lockHolders = FileLocks.holders();
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> idle = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid != self && !lockHolders.contains(pid) && isIdleWarmRunner(pid, proc, real)) {
          ProcessHandle.of(pid).ifPresent(idle::add);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    if (idle.isEmpty()) {
      return 0;
    }
    // One handed a task just before its node died takes the task's lock within moments: look again
    // after a pause and end only those still idle (nothing runs in them: no task, no cleanup).
    try {
      Thread.sleep(SECOND_LOOK_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    Set<Long> holdersNow = FileLocks.holders();
    List<ProcessHandle> stillIdle = idle.stream().filter(p -> p.isAlive() && !holdersNow.contains(p.pid())).toList();
    stillIdle.forEach(ProcessHandle::destroyForcibly);
    return stillIdle.size();
  }

  private static final long SECOND_LOOK_MILLIS = 1000;

  private static boolean isIdleWarmRunner(long pid, Path proc, Path pool) {
    List<String> args = ProcStat.commandLine(pid);
    if (!args.contains(TaskRunnerMain.class.getName()) || !args.contains(TaskRunnerMain.WARM)) {
      return false;
    }
    try {
      return Files.readSymbolicLink(proc.resolve("cwd")).equals(pool);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
