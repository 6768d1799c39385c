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
import static nodebench.Cleanup.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** The target table. */
@SuppressWarnings("unused")
final class Table {
  private Table() {}

  static void printTable() {
    List<Row> rows = new ArrayList<>();
    for (Row row : new Row[] {launchRatio, restartRatio, restartRatioUnit, warmRatio, burstPostP99, fifo, runnerPss, idleRss, getP99,
        launches, restart, warmRunning, coldRunning, burstP99, getRate}) {
      if (row != null) {
        row.unmeasured("not measured: the bench stopped before this phase");
        rows.add(row);
      }
    }
    System.out.printf("%n== targets: node on JDK %s (%s), %d cores; %s ==%n", nodeJdk, nodeJava, Runtime.getRuntime().availableProcessors(),
        archiveTrouble == null ? "runner class archive ready before measuring (steady state)" : "NOT the steady state: " + archiveTrouble);
    System.out.printf("floor: %s%n", floor == null ? "not measured" : floor.describe());
    String line = "%-58s %-26s %-9s %-7s | %s%n";
    System.out.printf(line, "what", "figure against its goal", "goal", "result", "measured");
    for (Row row : rows) {
      System.out.printf(line, row.what, row.bar(), row.target, row.verdict, row.measured);
    }
    long missed = rows.stream().filter(r -> "MISSED".equals(r.verdict)).count();
    long met = rows.stream().filter(r -> "met".equals(r.verdict)).count();
    System.out.printf("%d met, %d MISSED, %d not measured%n", met, missed, rows.size() - met - missed);
  }

}
