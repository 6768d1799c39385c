package dev.taskrunner.core.machine;

/**
 * What a task does, by name: {@code "echo"}, {@code "exec"}, or one a user adds.
 *
 * <p>Machines are found with {@link java.util.ServiceLoader}: a jar on the runner's class path
 * whose {@code META-INF/services/dev.taskrunner.core.machine.Machine} names an implementation
 * adds it (README, "Adding a machine"). An implementation needs a public no-argument constructor
 * and must be cheap to construct: the runner JVM loads it on every task start.
 */
public interface Machine {

  /** The name a task definition uses in its {@code machine} field. */
  String name();

  /**
   * Validates {@code parameters} (plain JSON values) and returns a run of them. Called at
   * submission to validate, and again in the runner to run.
   *
   * @throws dev.taskrunner.core.task.InvalidTaskException naming the field as
   *     {@code parameters...} and the reason
   */
  Execution prepare(Object parameters);
}
