package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.env.slurm.SlurmCluster;
import dev.taskrunner.core.env.slurm.SlurmEnvironment;
import dev.taskrunner.core.env.slurm.SlurmJob;
import dev.taskrunner.core.env.slurm.SlurmSettings;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.process.TaskProcesses;
import dev.taskrunner.core.status.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node running its tasks through Slurm, dropped without warning while jobs are queued in Slurm,
 * running and finished, and started again, re-adopts each from its directory and Slurm's record:
 * none started twice, none forgotten, a job that never started still stoppable. A job Slurm ended
 * without the runner's final status is lost with Slurm's word; Slurm not answering loses nothing.
 */
class SlurmRecoveryIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir Path workRoot;
  private ServiceFixture node;
  private final List<Path> tasks = new ArrayList<>();

  @BeforeEach
  void slurm() {
    SlurmCluster.require();
  }

  @AfterEach
  void cleanUp() {
    SlurmCluster.cancelJobs(tasks);
    if (node != null) {
      node.close();
    }
  }

  /** A node whose runners are Slurm jobs submitted with {@code sbatchOptions}. */
  private ServiceFixture slurmNode(String... sbatchOptions) {
    return slurmNode(b -> b, sbatchOptions);
  }

  /** The same, its test-sized settings changed by {@code tweak}. */
  private ServiceFixture slurmNode(UnaryOperator<NodeConfig.Builder> tweak, String... sbatchOptions) {
    ServiceFixture fixture = new ServiceFixture(workRoot, 8, tweak);
    fixture.environments = config -> new SlurmEnvironment(config.runnerJava(), config.runnerJvmOptions(),
        System.getProperty("java.class.path"), TaskServices.runnerArgs(config), null,
        new SlurmSettings(null, null, List.of(sbatchOptions)), config.stopGrace());
    return fixture;
  }

  private TaskView submit(String id, String shell) {
    tasks.add(workRoot.resolve(id));
    return node.submit("{\"machine\":\"exec\",\"id\":\"" + id + "\",\"parameters\":{\"shell\":true,\"command\":\""
        + "echo run >> runs.txt; " + shell + "\"}}");
  }

  private long runs(String id) throws Exception {
    Path file = workRoot.resolve(id).resolve(TaskFiles.WORK).resolve("runs.txt");
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  private RunnerRecord recorded(String id) throws Exception {
    return new TaskDirectory(workRoot.resolve(id)).readMarks().runner();
  }

  @Test
  void aNodeKilledWhileJobsAreQueuedRunningAndFinishedReadoptsEachOnce() throws Exception {
    // GIVEN a job Slurm holds (never started), submitted by a first node
    node = slurmNode("--hold");
    node.start();
    submit("pending", "exit 0");
    assertTrue(recorded("pending") instanceof SlurmJob, "the job id is in node.json when the submission is answered");
    node.crash();
    // ... and, by a second node, one that finishes, one that runs on, one that ends while no node watches
    ServiceFixture second = slurmNode();
    second.start();
    ServiceFixture first = node;
    node = second;
    submit("done", "exit 4");
    submit("running", "sleep 300");
    submit("later", "sleep 4; exit 5");
    node.awaitState("done", TaskState.EXITED);
    await().atMost(WAIT).until(() -> runs("running") == 1 && runs("later") == 1);

    // WHEN the node dies and a new one starts on the same work root after "later" has ended
    node.crash();
    await().atMost(WAIT).until(() -> Files.exists(workRoot.resolve("later").resolve(TaskFiles.STATUS))
        && new TaskDirectory(workRoot.resolve("later")).status().read() instanceof dev.taskrunner.core.status.StatusRead.Present p
        && p.status().finished());
    node.start();

    // THEN each task is where Slurm and its directory say, none started twice
    assertEquals(4, node.service().get("done").exitCode());
    assertEquals(TaskState.RUNNING, node.service().get("running").state());
    node.awaitState("later", TaskState.EXITED);
    assertEquals(5, node.service().get("later").exitCode());
    assertNotEquals(TaskState.LOST, node.service().get("pending").state());
    assertEquals(1, runs("done"));
    assertEquals(1, runs("running"));
    assertEquals(1, runs("later"));
    // ... the job that never started is stopped through Slurm, and never runs
    TaskView pending = node.service().stop("pending", WAIT);
    assertEquals(TaskState.EXITED, pending.state());
    assertEquals(Outcome.CANCELED, pending.outcome());
    assertEquals(0, runs("pending"));
    // ... and the running one stops, its CLEANUP-less task canceled, once
    TaskView stopped = node.service().stop("running", WAIT);
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertEquals(1, runs("running"));
    first.close();
  }

  @Test
  void aJobSlurmEndedWithoutAFinalStatusIsLostWithSlurmsReason() throws Exception {
    node = slurmNode();
    node.start();
    submit("killed", "sleep 300");
    await().atMost(WAIT).until(() -> runs("killed") == 1);
    SlurmJob job = (SlurmJob) recorded("killed");
    String cookie = job.cookie("killed");
    assertTrue(TaskProcesses.any(cookie));

    // WHEN the runner dies with kill -9 on its compute node (this host), so Slurm ends the job
    long runnerPid = node.service().get("killed").startedAt() != null
        ? ((dev.taskrunner.core.status.StatusRead.Present) new TaskDirectory(workRoot.resolve("killed")).status().read())
            .status().pid() : -1;
    ProcessHandle.of(runnerPid).orElseThrow().destroyForcibly();

    // THEN the task is lost with Slurm's word on the job, and nothing of it is left
    await().atMost(WAIT).untilAsserted(() -> assertEquals(TaskState.LOST, node.service().get("killed").state(),
        node.service().get("killed").toString()));
    TaskView lost = node.service().get("killed");
    assertTrue(lost.reason().matches(".*Slurm job " + job.jobId() + " ended [A-Z_]+.*"), lost.reason());
    await().atMost(WAIT).until(() -> !TaskProcesses.any(cookie));
  }

  @Test
  void aStopWhileSlurmctldIsDownIsTriedAgainUntilSlurmEndsTheJob() throws Exception {
    Path pidFile = Path.of("/run/slurmctld.pid");
    assumeTrue(Files.isRegularFile(pidFile) && "root".equals(System.getProperty("user.name")),
        "needs the single-node cluster of .ci/slurm/setup.sh, as root");
    // a stop grace far past this test's wait: only a retried scancel can end the task in time
    node = slurmNode(b -> b.timing(Duration.ofMillis(200), 3, Duration.ofMinutes(10), Duration.ofMillis(100)));
    node.start();
    submit("stopped", "sleep 300");
    await().atMost(WAIT).until(() -> runs("stopped") == 1);

    // WHEN the task is stopped while slurmctld is down, and its first scancel has failed
    long ctld = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(ctld).orElseThrow().destroy();
    await().atMost(WAIT).until(() -> ProcessHandle.of(ctld).isEmpty());
    try {
      node.service().stop("stopped", Duration.ZERO);
      node.awaitState("stopped", TaskState.STOPPING);
      AtomicBoolean seen = new AtomicBoolean();
      await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
        boolean running = ProcessHandle.current().descendants()
            .anyMatch(p -> p.info().command().map(c -> c.endsWith("/scancel")).orElse(false));
        seen.compareAndSet(false, running);
        return seen.get() && !running;
      });
      assertEquals(TaskState.STOPPING, node.service().get("stopped").state());
    } finally {
      new ProcessBuilder("/usr/sbin/slurmctld").inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    // THEN once slurmctld is back, the stop goes through: the task ends canceled, long before the grace
    // (WAIT, not the fixture's: the node's own Slurm readings back off up to 30 s while slurmctld is away)
    await().atMost(WAIT).until(() -> node.service().get("stopped").state() == TaskState.EXITED);
    TaskView stopped = node.service().get("stopped");
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertEquals(1, runs("stopped"));
  }

  @Test
  void slurmctldDownForSecondsLosesNothing() throws Exception {
    Path pidFile = Path.of("/run/slurmctld.pid");
    assumeTrue(Files.isRegularFile(pidFile) && "root".equals(System.getProperty("user.name")),
        "needs the single-node cluster of .ci/slurm/setup.sh, as root");
    node = slurmNode();
    node.start();
    submit("through", "sleep 6; exit 6");
    await().atMost(WAIT).until(() -> runs("through") == 1);

    // WHEN slurmctld is down while the task ends and another is submitted
    long ctld = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(ctld).orElseThrow().destroy();
    await().atMost(WAIT).until(() -> ProcessHandle.of(ctld).isEmpty());
    try {
      submit("meanwhile", "exit 7");
      long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
      while (System.nanoTime() < until) { // no fixed sleep: it watches, each check a chance to go wrong
        assertNotEquals(TaskState.LOST, node.service().get("through").state(), node.service().get("through").reason());
        assertNotEquals(TaskState.LOST, node.service().get("meanwhile").state());
        Thread.sleep(100);
      }
    } finally {
      // THEN once it is back, both end with their own codes
      new ProcessBuilder("/usr/sbin/slurmctld").inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(6, node.awaitState("through", TaskState.EXITED).exitCode());
    assertEquals(7, node.awaitState("meanwhile", TaskState.EXITED).exitCode());
    assertEquals(1, runs("through"));
    assertEquals(1, runs("meanwhile"));
    assertFalse(node.service().get("through").reason() != null && node.service().get("through").reason().contains("lost"));
  }
}
