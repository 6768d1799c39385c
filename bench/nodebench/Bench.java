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
import static nodebench.Main.*;
import static nodebench.NodePhases.*;
import static nodebench.Pollers.*;
import static nodebench.RestartPhase.*;
import static nodebench.Steps.*;
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** The bench's settings and the state its phases share. */
@SuppressWarnings("unused")
final class Bench {
  private Bench() {}

  static final String ECHO = "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]}";
  /** A task the node refuses (400): the round trip of a POST with nothing accepted. */
  static final String REJECTED = "{\"machine\":\"no-such-machine\",\"parameters\":[]}";
  static final String SLEEPER = "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 600\"]}";
  static final int SEQUENTIAL = 60;
  static final int SEQUENTIAL_WARMUP = 5;
  /** Pause after a task exits before the next POST: time for the warm pool to have a runner ready. */
  static final int SEQUENTIAL_SPACING_MS = 300;
  static final int BURST = 200;
  static final int BURST_THREADS = 16;
  static final int MEMORY_RUNNERS = 10;
  static final int RESTART_FINISHED = 9_000;
  static final int RESTART_LIVE = 1_000;
  static final int RESTART_REAL = 20;
  /** Node starts on an empty work root, the restart's floor (their median). */
  static final int EMPTY_STARTS = 3;
  /** The runner's main class, as the node looks for it on a runner's command line. */
  static final String RUNNER_MAIN = "dev.taskrunner.core.runner.TaskRunnerMain";
  static final int POLLERS = 32;
  static final int GETS_PER_POLLER = 500;
  static final int GET_WARMUP_PER_POLLER = 20;
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(15);
  static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
  static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  static Path tmpRoot;
  /** The java the nodes run with (and so their runners); its version, as {@code java -version} says. */
  static String nodeJava;
  static String nodeJdk;
  /**
   * The java the floor runs with ({@code --floor-java}; the bench's own by default) and its feature
   * version. Issue 13 measures a JDK 25 node against the JDK 17 floor.
   */
  static String floorJava;
  static int floorMajor;
  /** A work root's {@code .cds} holding a ready runner class archive, copied into later work roots. */
  static volatile Path readyArchiveDir;
  /** Set when a node measured without its runner class archive: the table's header says so. */
  static volatile String archiveTrouble;
  static final Set<Node> nodes = ConcurrentHashMap.newKeySet();
  static final Set<Long> runnerPids = ConcurrentHashMap.newKeySet();
  static final List<StandIn> standIns = new CopyOnWriteArrayList<>();
  static final List<ExecutorService> pools = Collections.synchronizedList(new ArrayList<>());
  static final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  static volatile boolean cleanedUp;
  static volatile boolean failed;
  /** POSTs of a task answered 503 and retried (see {@link #submit}). */
  static final AtomicInteger unavailable = new AtomicInteger();
  static volatile String firstUnavailable;

  /** The floor measured in this run (see {@link Floor}); null until measured. */
  static volatile Floor floor;
  /**
   * A JDK 25 node's own floor (see {@link Floor}: an empty JVM of the node's JDK, with an AOT
   * cache), measured beside the JDK 17 floor the node is compared with: how near 1.0 any runner of
   * that JDK could come. Null unless the node runs JDK 25 or later and the floor an earlier JDK.
   */
  static volatile Floor nodeJdkFloor;

  // the target table, in its order; filled in by the phases
  static Row launchRatio;
  static Row restartRatio;
  static Row restartRatioUnit;
  static Row warmRatio;
  static Row burstPostP99;
  static Row fifo;
  static Row warmRunning;
  static Row coldRunning;
  static Row burstP99;
  static Row launches;
  static Row runnerPss;
  static Row restart;
  static Row getP99;
  static Row getRate;
  static Row idleRss;

}
