package dev.taskrunner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputPrinterTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final FakeNode node = new FakeNode("abcdefghij");
  private final MutableClock clock = new MutableClock();
  private final List<Duration> pauses = new ArrayList<>();
  private final OutputPrinter printer = new OutputPrinter(node, new PrintStream(printed, true), clock, d -> {
    pauses.add(d);
    clock.now = clock.now.plus(d);
  });

  @Test
  void aDroppedConnectionIsResumedAtTheByteAlreadyPrinted() {
    node.script.add(Step.dropAfter(3));
    node.script.add(Step.dropAfter(4));

    RemoteTask last = printer.follow("t");

    assertEquals("abcdefghij", printed.toString(UTF_8));
    assertEquals(List.of(0L, 3L, 7L, 10L), node.offsets); // the last: is there anything past the end?
    assertEquals("exited", last.state());
  }

  @Test
  void anUnreachableNodeIsWaitedOutWithABoundedBackoff() {
    node.script.add(Step.dropAfter(2));
    for (int i = 0; i < 8; i++) {
      node.script.add(Step.UNREACHABLE);
    }

    printer.follow("t");

    assertEquals("abcdefghij", printed.toString(UTF_8));
    assertEquals(Duration.ofMillis(100), pauses.get(0));
    assertEquals(Duration.ofMillis(200), pauses.get(1));
    assertTrue(pauses.stream().allMatch(p -> p.compareTo(OutputPrinter.MAX_RETRY) <= 0), pauses.toString());
    assertEquals(OutputPrinter.MAX_RETRY, pauses.get(pauses.size() - 1));
  }

  @Test
  void itGivesUpAfterAMinuteWithoutTheNode() {
    node.script.add(Step.dropAfter(3));
    node.unreachableForever = true;

    NodeUnreachableException e = assertThrows(NodeUnreachableException.class, () -> printer.follow("t"));

    assertEquals("cannot reach the node at fake: connection refused (gave up following task t after 60 s; "
        + "3 bytes of its output were printed)", e.getMessage());
    Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
    assertTrue(waited.compareTo(OutputPrinter.PATIENCE) >= 0 && waited.compareTo(Duration.ofSeconds(63)) < 0, waited.toString());
    assertEquals("abc", printed.toString(UTF_8));
  }

  @Test
  void aNodeNeverReachedIsAnErrorAtOnce() {
    node.script.add(Step.UNREACHABLE);

    assertThrows(NodeUnreachableException.class, () -> printer.follow("t"));
    assertEquals(List.of(), pauses);
  }

  @Test
  void aNodeThatAnsweredBeforeIsWaitedForFromTheStart() {
    node.script.add(Step.UNREACHABLE);

    printer.nodeReached().follow("t");

    assertEquals("abcdefghij", printed.toString(UTF_8));
  }

  @Test
  void anErrorAnswerIsNotRetried() {
    node.script.add(Step.NOT_FOUND);

    NodeRefusedException e = assertThrows(NodeRefusedException.class, () -> printer.follow("t"));
    assertEquals("task t: no such task (404)", e.getMessage());
  }

  @Test
  void aStreamThatEndsWhileTheTaskGoesOnIsResumed() {
    node.script.add(Step.endAfter(5)); // a node shutting down ends its streams cleanly

    printer.follow("t");

    assertEquals("abcdefghij", printed.toString(UTF_8));
    assertEquals(List.of(0L, 5L, 10L), node.offsets);
  }

  @Test
  void aStreamCutShortIsCompletedWhenTheTaskHasEndedMeanwhile() {
    node.script.add(Step.endEarlyAndFinish(4)); // the node stopped; the task ended before the next look

    RemoteTask last = printer.follow("t");

    assertEquals("abcdefghij", printed.toString(UTF_8));
    assertEquals("exited", last.state());
  }

  @Test
  void printAvailableAsksUntilNothingIsNew() {
    node.script.add(Step.endAfter(4));

    printer.printAvailable("t");

    assertEquals("abcdefghij", printed.toString(UTF_8));
    assertEquals(List.of(0L, 4L, 10L), node.offsets);
  }

  /** One answer of the fake node to an output request. */
  record Step(String kind, int bytes) {
    static final Step UNREACHABLE = new Step("unreachable", 0);
    static final Step NOT_FOUND = new Step("404", 0);

    static Step dropAfter(int bytes) {
      return new Step("drop", bytes);
    }

    static Step endAfter(int bytes) {
      return new Step("end", bytes);
    }

    static Step endEarlyAndFinish(int bytes) {
      return new Step("end-and-finish", bytes);
    }
  }

  /** Serves {@code output} as told by {@code script}; past the script, all of it, and the task is final. */
  static final class FakeNode implements OutputPrinter.Node {
    final byte[] output;
    final Deque<Step> script = new ArrayDeque<>();
    final List<Long> offsets = new ArrayList<>();
    boolean unreachableForever;
    private boolean done;

    FakeNode(String output) {
      this.output = output.getBytes(UTF_8);
    }

    @Override
    public void output(String id, long offset, boolean follow, NodeClient.Sink sink) {
      offsets.add(offset);
      Step step = script.isEmpty() ? (unreachableForever ? Step.UNREACHABLE : null) : script.poll();
      if (step != null && step.kind().equals("unreachable")) {
        throw new NodeUnreachableException("fake", "connection refused");
      }
      if (step != null && step.kind().equals("404")) {
        throw NodeRefusedException.of(404, "{\"detail\":\"task t: no such task\"}".getBytes(UTF_8));
      }
      sink.opened();
      int end = step == null ? output.length : Math.min(output.length, (int) offset + step.bytes());
      byte[] part = java.util.Arrays.copyOfRange(output, (int) offset, end);
      sink.accept(part, part.length);
      if (step != null && step.kind().equals("drop")) {
        throw new NodeUnreachableException("fake", "the connection was closed");
      }
      done = done || step == null || step.kind().equals("end-and-finish");
    }

    @Override
    public RemoteTask view(String id) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("taskId", id);
      json.put("state", done ? "exited" : "running");
      return new RemoteTask(json);
    }

    @Override
    public String toString() {
      return "fake";
    }
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
