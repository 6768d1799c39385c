package dev.taskrunner.core.env.slurm;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.EnvironmentContract;
import dev.taskrunner.core.env.RunnerJvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** {@link SlurmEnvironment} passes the environment contract against the real Slurm daemons. */
class SlurmEnvironmentContractIT extends EnvironmentContract {
  @BeforeEach
  void slurm() {
    SlurmCluster.require();
  }

  @Override
  protected Environment newEnvironment(List<String> runnerArgs) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new SlurmEnvironment(java, RunnerJvmOptions.forJava(java), System.getProperty("java.class.path"), runnerArgs,
        null, SlurmSettings.defaults(), Duration.ofSeconds(10));
  }

  @Override
  protected void cleanUp(List<Path> taskDirectories) {
    SlurmCluster.cancelJobs(taskDirectories);
  }
}
