package nodebench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import static nodebench.Bench.*;
import static nodebench.Main.*;
import static nodebench.NodePhases.*;
import static nodebench.Pollers.*;
import static nodebench.RestartPhase.*;
import static nodebench.Steps.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** Kills what the bench started, even on failure. */
@SuppressWarnings("unused")
final class Cleanup {
  private Cleanup() {}

  // ---------------------------------------------------------------- cleanup

  /**
   * Kills the nodes, then every runner this bench caused (pids from task views and status files,
   * and any live runner whose command line names our temp directory, warm ones included), then the
   * stand-ins.
   */
  static synchronized void cleanup() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    for (ExecutorService pool : List.copyOf(pools)) {
      pool.shutdownNow();
    }
    for (Node node : nodes) {
      node.process.destroyForcibly();
    }
    for (Node node : nodes) {
      try {
        node.process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Set<Long> pids = new HashSet<>(runnerPids);
    // (not the restart phase's written directories: they name stand-ins and made-up pids)
    try (Stream<Path> s = Files.walk(tmpRoot, 3)) {
      s.filter(p -> p.getFileName().toString().equals("status.json"))
          .filter(p -> !p.getParent().getFileName().toString().startsWith("bench-")).forEach(p -> {
        try {
          String pid = field(Files.readString(p), "pid");
          if (pid != null) {
            pids.add(Long.parseLong(pid));
          }
        } catch (IOException | RuntimeException e) {
          // unreadable: the /proc scan below still finds a live runner
        }
      });
    } catch (IOException | RuntimeException e) {
      // ignore
    }
    // runners launched but not yet written a status, and warm ones: found by our temp directory in their command line
    ProcessHandle.allProcesses().filter(p -> isRunner(p.pid())).forEach(p -> pids.add(p.pid()));
    List<ProcessHandle> killed = new ArrayList<>();
    for (long pid : pids) {
      if (isRunner(pid)) {
        ProcessHandle.of(pid).ifPresent(p -> {
          if (p.destroyForcibly()) {
            killed.add(p);
          }
        });
      }
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle p : killed) {
      while (p.isAlive() && isRunner(p.pid()) && System.nanoTime() < until) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    int standInsKilled = killStandIns();
    System.out.printf("cleanup: nodes killed; %d runner processes were still alive and got SIGKILL (%d runner pids checked); %d stand-ins were still alive and got SIGKILL%n",
        killed.size(), pids.size(), standInsKilled);
  }

  /** A live (not zombie) process whose command line is a TaskRunner started from this bench's copy of the jar. */
  static boolean isRunner(long pid) {
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains("TaskRunnerMain") && cmdline.contains(tmpRoot.toString()) && !zombie(pid);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return true; // gone
    }
  }

  static void printWarnings() {
    List<String> copy = List.copyOf(warnings);
    if (!copy.isEmpty()) {
      System.out.println("node log: " + copy.size() + " WARN/ERROR lines, first ones:");
      copy.stream().limit(8).forEach(l -> System.out.println("  " + l));
    } else {
      System.out.println("node log: no WARN/ERROR lines");
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.out.println("could not remove " + root + ": " + e.getMessage());
    }
  }

}
