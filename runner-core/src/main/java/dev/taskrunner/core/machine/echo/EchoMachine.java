package dev.taskrunner.core.machine.echo;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.Machine;

/** {@code "echo"}: runs an {@link EchoScript} inside the runner JVM. */
public final class EchoMachine implements Machine {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public Execution prepare(Object parameters) {
    return new EchoExecution(EchoScript.parse(parameters));
  }
}
