package dev.taskrunner.core.env;

import java.util.Map;

/**
 * The environment variables a runner starts with: the node's own, less every {@code RUNNER_*}
 * setting (the API token above all), so nothing of the node's configuration reaches a task.
 */
public final class RunnerEnvironment {
  static final String NODE_PREFIX = "RUNNER_";

  private RunnerEnvironment() {}

  public static void clean(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith(NODE_PREFIX));
  }
}
