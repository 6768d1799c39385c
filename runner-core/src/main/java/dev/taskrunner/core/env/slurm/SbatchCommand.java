package dev.taskrunner.core.env.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code sbatch} command line and batch script that run one task's runner. */
final class SbatchCommand {
  private SbatchCommand() {}

  /**
   * {@code sbatch --parsable}: the job named by the task id, in the task directory, its output
   * appended to {@code runner.out}, never requeued (a runner must not start twice; a requeued one
   * would find the status file and refuse anyway), {@code --time} from the task's timeout, last:
   * sbatch takes the last {@code --time}, so the settings' one holds only for tasks without a timeout.
   */
  static List<String> argv(Path dir, Path runnerOut, Long timeLimitMinutes, SlurmSettings settings) {
    List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable", "--no-requeue",
        "--job-name=" + dir.getFileName(), "--chdir=" + dir, "--output=" + runnerOut, "--open-mode=append"));
    if (settings.partition() != null) {
      argv.add("--partition=" + settings.partition());
    }
    if (settings.account() != null) {
      argv.add("--account=" + settings.account());
    }
    argv.addAll(settings.sbatchOptions());
    if (timeLimitMinutes != null) {
      argv.add("--time=" + timeLimitMinutes);
    }
    return argv;
  }

  /** The batch script: exec's the runner (so it is the job's process), naming its job and its task directory. */
  static String script(List<String> command, Path dir) {
    StringBuilder s = new StringBuilder("#!/bin/sh\nexec");
    for (String arg : command) {
      s.append(' ').append(quote(arg));
    }
    s.append(" --slurm-job \"$SLURM_JOB_ID\" ").append(quote(dir.toString())).append('\n');
    return s.toString();
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
