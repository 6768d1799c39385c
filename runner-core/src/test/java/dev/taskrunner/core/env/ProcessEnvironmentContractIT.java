package dev.taskrunner.core.env;

import java.nio.file.Path;
import java.util.List;

/** {@link ProcessEnvironment} passes the environment contract: runners as JVMs on this host. */
class ProcessEnvironmentContractIT extends EnvironmentContract {
  @Override
  protected Environment newEnvironment(List<String> runnerArgs) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessEnvironment(java, RunnerJvmOptions.forJava(java), System.getProperty("java.class.path"), runnerArgs);
  }

  @Override
  protected void cleanUp(List<Path> taskDirectories) {
    List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
    left.forEach(ProcessHandle::destroyForcibly);
    left.forEach(p -> p.onExit().join());
  }
}
