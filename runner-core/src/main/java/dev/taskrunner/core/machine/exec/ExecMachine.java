package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.Machine;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.task.InvalidTaskException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code "exec"}: runs a command. Parameters:
 * <ul>
 *   <li>{@code command}: an argv array of strings, run as is (no shell); or, with
 *       {@code "shell": true}, one string given to {@code /bin/sh -c};
 *   <li>{@code env}: an object of variables added to the runner's environment (not
 *       {@link TaskContext#COOKIE_VARIABLE}: the runner sets that one);
 *   <li>{@code shell}: boolean, default false.
 * </ul>
 */
public final class ExecMachine implements Machine {
  public static final String NAME = "exec";
  private static final Set<String> FIELDS = Set.of("command", "env", "shell");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Execution prepare(Object parameters) {
    if (!(parameters instanceof Map)) {
      throw new InvalidTaskException("parameters", "must be an object with a 'command'");
    }
    Map<?, ?> map = (Map<?, ?>) parameters;
    for (Object key : map.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new InvalidTaskException("parameters." + key, "unknown field; allowed: command, env, shell");
      }
    }
    Object shell = map.get("shell");
    if (shell != null && !(shell instanceof Boolean)) {
      throw new InvalidTaskException("parameters.shell", "must be true or false");
    }
    List<String> argv = Boolean.TRUE.equals(shell) ? shellCommand(map.get("command")) : argv(map.get("command"));
    return new ExecExecution(argv, env(map.get("env")));
  }

  private static List<String> shellCommand(Object command) {
    if (!(command instanceof String) || ((String) command).isBlank()) {
      throw new InvalidTaskException("parameters.command", "with \"shell\": true, must be a non-empty string");
    }
    noNul("parameters.command", (String) command);
    return List.of("/bin/sh", "-c", (String) command);
  }

  /** A NUL cannot pass to a process (C strings end at it): refused here rather than failing the run. */
  private static void noNul(String field, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new InvalidTaskException(field, "must not contain a NUL character");
    }
  }

  private static List<String> argv(Object command) {
    String rule = "must be a non-empty array of strings (or a string with \"shell\": true)";
    if (!(command instanceof List) || ((List<?>) command).isEmpty()) {
      throw new InvalidTaskException("parameters.command", rule);
    }
    List<String> argv = new ArrayList<>();
    for (Object arg : (List<?>) command) {
      if (!(arg instanceof String)) {
        throw new InvalidTaskException("parameters.command", rule);
      }
      noNul("parameters.command", (String) arg);
      argv.add((String) arg);
    }
    if (argv.get(0).isBlank()) {
      throw new InvalidTaskException("parameters.command", "the program (first element) must not be blank");
    }
    return List.copyOf(argv);
  }

  private static Map<String, String> env(Object env) {
    if (env == null) {
      return Map.of();
    }
    if (!(env instanceof Map)) {
      throw new InvalidTaskException("parameters.env", "must be an object of string values");
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) env).entrySet()) {
      String key = (String) e.getKey();
      if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
        throw new InvalidTaskException("parameters.env", "'" + key + "' is not a valid variable name");
      }
      if (key.equals(TaskContext.COOKIE_VARIABLE)) {
        throw new InvalidTaskException("parameters.env", "'" + key + "' is set by the runner (it marks the task's processes)");
      }
      if (!(e.getValue() instanceof String)) {
        throw new InvalidTaskException("parameters.env." + key, "must be a string");
      }
      noNul("parameters.env." + key, (String) e.getValue());
      vars.put(key, (String) e.getValue());
    }
    return vars;
  }
}
