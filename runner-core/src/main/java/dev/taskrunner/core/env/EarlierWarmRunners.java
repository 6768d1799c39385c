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
    idle.forEach(ProcessHandle::destroyForcibly); // nothing runs in them: no task, no cleanup
    return idle.size();
  }

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
