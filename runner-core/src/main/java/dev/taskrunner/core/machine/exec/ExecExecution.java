package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs one command through Commons Exec in a process group of its own (via {@code setsid}), so
 * that stopping it takes every process it started, even those re-parented after their parent
 * exited. When the command exits, processes it left behind are stopped too: a finished task
 * leaves nothing running.
 */
final class ExecExecution implements Execution {
  private final List<String> argv;
  private final Map<String, String> env;
  private volatile Process process;
  private volatile boolean canceled;
  private volatile Duration killGrace = Duration.ofSeconds(5);

  ExecExecution(List<String> argv, Map<String, String> env) {
    this.argv = argv;
    this.env = env;
  }

  @Override
  public int run(TaskContext context) throws IOException {
    killGrace = context.killGrace();
    CommandLine line = commandLine();
    DefaultExecutor executor = new DefaultExecutor() {
      @Override
      protected Process launch(CommandLine command, Map<String, String> unused, Path directory)
          throws IOException {
        // One pipe for stdout and stderr: output.log keeps the order the command wrote in, as
        // "2>&1" would; two pipes pumped by two threads can reorder lines written close together.
        ProcessBuilder builder = new ProcessBuilder(command.toStrings())
            .directory(context.directory().toFile())
            .redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
      }
    };
    executor.setExitValues(null); // every exit code is the task's to report, not a failure to launch
    executor.setStreamHandler(new PumpStreamHandler(context.output(), context.output()) {
      @Override
      public void stop() throws IOException {
        // Leftover children hold the pipes open; stop them before waiting for the pumps to drain.
        stopLeftovers();
        super.stop();
      }
    });
    executor.setWatchdog(new ExecuteWatchdog(ExecuteWatchdog.INFINITE_TIMEOUT) {
      @Override
      public synchronized void start(Process started) {
        process = started;
        if (canceled) {
          terminate();
        }
      }
    });
    return executor.execute(line) & 0xff;
  }

  private CommandLine commandLine() {
    CommandLine line = ProcessTree.setsid().map(CommandLine::new).orElse(null);
    if (line == null) {
      line = new CommandLine(argv.get(0));
    } else {
      line.addArgument(argv.get(0), false);
    }
    for (String arg : argv.subList(1, argv.size())) {
      line.addArgument(arg, false);
    }
    return line;
  }

  @Override
  public void cancel() {
    canceled = true;
    if (process != null) {
      terminate();
    }
  }

  /** SIGTERM to the group now, SIGKILL after the grace period if the command is still there. */
  private void terminate() {
    Process p = process;
    ProcessTree.signal(group(p), p.toHandle(), false);
    Thread killer = new Thread(() -> {
      try {
        if (!p.waitFor(killGrace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          ProcessTree.signal(group(p), p.toHandle(), true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "exec-killer");
    killer.setDaemon(true);
    killer.start();
  }

  private void stopLeftovers() {
    Process p = process;
    long group = group(p);
    if (!ProcessTree.groupAlive(group)) {
      return;
    }
    ProcessTree.signalGroup(group, "TERM");
    long deadline = System.nanoTime() + killGrace.toNanos();
    while (ProcessTree.groupAlive(group) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ProcessTree.signalGroup(group, "KILL");
  }

  /** The command's process group: its own pid when started through setsid, none otherwise. */
  private static long group(Process p) {
    return p != null && ProcessTree.setsid().isPresent() ? p.pid() : 0;
  }
}
