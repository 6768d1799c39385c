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
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** One target: the figure measured against it and whether it was met; or why it was not measured. */
final class Row {
  private static final int BAR = 24;
  final String what;
  final String target;
  final boolean atMost;
  final double limit;
  final String format;
  volatile double value = Double.NaN;
  volatile String measured;
  volatile String verdict;

  private Row(String what, boolean atMost, double limit, String unit, String format) {
    this.what = what;
    this.atMost = atMost;
    this.limit = limit;
    this.target = (atMost ? "<= " : ">= ") + String.format(format.replaceFirst("%\\.\\d+f.*", "%s"), trim(limit)) + unit;
    this.format = format;
  }

  static Row atMost(String what, double limit, String unit, String format) {
    return new Row(what, true, limit, unit, format);
  }

  static Row atLeast(String what, double limit, String unit, String format) {
    return new Row(what, false, limit, unit, format);
  }

  /** A ratio of a node figure to its floor, with its goal. */
  static Row ratioAtMost(String what, double limit) {
    return new Row(what, true, limit, "", "%.2f");
  }

  static Row ratioAtLeast(String what, double limit) {
    return new Row(what, false, limit, "", "%.2f");
  }

  void set(double value, String note) {
    this.value = value;
    measured = String.format(format, value) + (note == null ? "" : " (" + note + ")");
    verdict = (atMost ? value <= limit : value >= limit) ? "met" : "MISSED";
  }

  /** Says why there is no figure, unless there is one already. */
  void unmeasured(String why) {
    if (measured == null) {
      measured = why;
      verdict = "-";
    }
  }

  /** The figure as a bar, the goal marked {@code |} on it: {@code ######|...} is short of an at-least goal. */
  String bar() {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return " ".repeat(BAR + 2);
    }
    double scale = Math.max(value, limit) * 1.1;
    int filled = scale <= 0 ? 0 : (int) Math.round(value / scale * BAR);
    int goal = scale <= 0 ? 0 : (int) Math.min(BAR - 1, Math.round(limit / scale * BAR));
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < BAR; i++) {
      b.append(i == goal ? '|' : i < filled ? '#' : '.');
    }
    return b.append(']').toString();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.format("%.0f", v) : Double.toString(v);
  }
}
