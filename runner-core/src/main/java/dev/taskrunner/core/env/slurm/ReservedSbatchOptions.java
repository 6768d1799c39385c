package dev.taskrunner.core.env.slurm;

/**
 * The {@code sbatch} options a setting may not carry: those the node sets itself and finds its
 * jobs by (an option given later would win), and those that break one runner per task or the
 * submission's answer. Read as sbatch reads them: long names and their unique abbreviations
 * ({@code --job=x}), with or without {@code =value}, short letters alone, bundled ({@code -HJx})
 * or with a value attached ({@code -Jx}). {@code --time} is not here: the node's {@code --time}
 * (a task's timeout) comes after the settings, so a setting's {@code --time} holds only for
 * tasks without a timeout.
 */
final class ReservedSbatchOptions {
  /** Long name, its short letter (or 0) and why it is refused. */
  private record Reserved(String name, char letter, String why) {}

  private static final String SET_BY_NODE = "is set by the node";
  private static final Reserved[] RESERVED = {
      new Reserved("job-name", 'J', SET_BY_NODE + " (the task id, by which it finds the job again)"),
      new Reserved("chdir", 'D', SET_BY_NODE + " (the task directory, by which it finds the job again)"),
      new Reserved("output", 'o', SET_BY_NODE + " (the task's runner.out)"),
      new Reserved("error", 'e', SET_BY_NODE + " (the runner's errors go to runner.out with its output)"),
      new Reserved("open-mode", '\0', SET_BY_NODE + " (append: runner.out is the node's, made before sbatch)"),
      new Reserved("parsable", '\0', SET_BY_NODE + " (it reads the job id sbatch answers)"),
      new Reserved("requeue", '\0', "cannot be used: a runner must never start twice (the node submits with --no-requeue)"),
      new Reserved("wrap", '\0', "cannot be used: the node's batch script runs the runner"),
      new Reserved("input", 'i', "cannot be used: a runner reads no input"),
      new Reserved("array", 'a', "cannot be used: a job array would start the task's runner more than once"),
      new Reserved("test-only", '\0', "cannot be used: it submits no job"),
      new Reserved("wait", 'W', "cannot be used: sbatch must answer when the job is submitted, not when it ends"),
  };

  /**
   * sbatch's short options that take a value (22.05, {@code sbatch --help}): after one of these
   * letters the rest of the argument is its value, not more letters. {@code -k} takes an optional one.
   */
  private static final String SHORT_WITH_VALUE = "aAbBcCdDeFGiJkLmMnNopqStwx";

  private ReservedSbatchOptions() {}

  /** Why {@code option} (one argument, e.g. {@code --qos=low}) may not be given; null if it may. */
  static String refusal(String option) {
    if (option.startsWith("--")) {
      String name = option.substring(2).split("=", 2)[0];
      if (name.isEmpty()) {
        return "'" + option + "' is not an option";
      }
      for (Reserved r : RESERVED) {
        if (r.name.startsWith(name)) { // sbatch takes a unique prefix as the option it starts
          return describe(r, option);
        }
      }
      return null;
    }
    for (int i = 1; i < option.length(); i++) {
      char c = option.charAt(i);
      for (Reserved r : RESERVED) {
        if (r.letter == c) {
          return describe(r, option);
        }
      }
      if (SHORT_WITH_VALUE.indexOf(c) >= 0) {
        return null; // the rest is this letter's value
      }
    }
    return option.length() < 2 ? "'" + option + "' is not an option" : null;
  }

  private static String describe(Reserved r, String option) {
    String as = option.equals("--" + r.name) || option.startsWith("--" + r.name + "=") ? "" : " ('" + option + "')";
    return "--" + r.name + as + " " + r.why;
  }
}
