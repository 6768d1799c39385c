package dev.taskrunner.core.service;

import dev.taskrunner.core.env.ProcessEnvironment;
import dev.taskrunner.core.env.RunnerClassArchive;
import dev.taskrunner.core.env.slurm.SlurmEnvironment;
import dev.taskrunner.core.env.slurm.SlurmSettings;
import dev.taskrunner.core.layout.WorkRoot;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the task service a node runs. */
public final class TaskServices {
  private TaskServices() {}

  /**
   * A service that runs each task as a runner JVM on this host, with this JVM's class path (the
   * node's jar holds runner-core). Runners get half the stop grace for their own task's processes,
   * so they can still record {@code canceled} before the node's SIGKILL.
   */
  public static TaskService forHost(NodeConfig config) {
    return forHost(config, TaskEvents.NONE);
  }

  /** The same, telling {@code events} what happens to tasks. */
  public static TaskService forHost(NodeConfig config, TaskEvents events) {
    String classpath = classpath();
    WorkRoot root = new WorkRoot(config.workRoot());
    ProcessEnvironment environment = new ProcessEnvironment(config.runnerJava(), config.runnerJvmOptions(), classpath,
        runnerArgs(config), archive(config, classpath), root.pool(), config.warmRunners());
    return new LocalTaskService(config, environment, Clock.systemUTC(), events);
  }

  /**
   * A service that runs each task's runner as a Slurm batch job (see {@link SlurmEnvironment}): the
   * work root, this JVM's class path and {@code runnerJava} must be at the same paths on the compute
   * nodes. No warm runners: a runner must not depend on the node.
   */
  public static TaskService forSlurm(NodeConfig config, SlurmSettings slurm, TaskEvents events) {
    String classpath = classpath();
    SlurmEnvironment environment = new SlurmEnvironment(config.runnerJava(), config.runnerJvmOptions(), classpath,
        runnerArgs(config), archive(config, classpath), slurm, config.stopGrace());
    return new LocalTaskService(config, environment, Clock.systemUTC(), events);
  }

  private static String classpath() {
    return absoluteClasspath(System.getProperty("java.class.path"));
  }

  private static RunnerClassArchive archive(NodeConfig config, String classpath) {
    return config.runnerClassArchive() ? new RunnerClassArchive(new WorkRoot(config.workRoot()).classArchive(),
        config.runnerJava(), config.runnerJvmOptions(), classpath).prepare() : null;
  }

  /** The runner's options for this node's settings (see {@link dev.taskrunner.core.runner.TaskRunnerMain}). */
  static List<String> runnerArgs(NodeConfig config) {
    List<String> args = new ArrayList<>(List.of("--heartbeat-ms", Long.toString(config.heartbeat().toMillis()),
        "--kill-grace-ms", Long.toString(config.stopGrace().toMillis() / 2),
        "--max-output-bytes", Long.toString(config.maxOutputBytes())));
    if (config.taskUser() != null) {
      args.addAll(List.of("--task-user", config.taskUser()));
    }
    return args;
  }

  /** Runners start in their task's directory, so a relative entry ({@code java -jar target/x.jar}) must be made absolute. */
  static String absoluteClasspath(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
