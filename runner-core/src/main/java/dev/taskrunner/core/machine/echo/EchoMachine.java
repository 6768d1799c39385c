package dev.taskrunner.core.machine.echo;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.Machine;

/** {@code "echo"}: runs an {@link EchoScript} inside the runner JVM. */
public final class EchoMachine implements Machine {
  public static final String NAME = "echo";
  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Execution prepare(Object parameters) {
    return new EchoExecution(EchoScript.parse(parameters));
  }
}
