package dev.taskrunner.api.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's row of the suite's table, and the notes (latencies, rates, memory) that go
 * under it. The counted failures — {@code lost}, {@code startedTwice}, {@code leaked},
 * {@code serverErrors} and {@code otherFailures} — must all be 0 for the scenario to pass.
 */
final class Figures {
  final String scenario;
  String load = "";
  long faultsSurvived;
  long inputsTried;
  /** -1 where the scenario has nothing to count (shown as a dash). */
  long lost = -1;
  long startedTwice = -1;
  long leaked = -1;
  long serverErrors;
  /** Failures that fit no column (an undocumented answer, /health not answering in time, ...); each is in {@link #notes}. */
  long otherFailures;
  final List<String> notes = new ArrayList<>();

  Figures(String scenario) {
    this.scenario = scenario;
  }

  Figures note(String format, Object... args) {
    notes.add(String.format(format, args));
    return this;
  }

  /** Counts a failure that fits no column and says what it was. */
  void fail(String format, Object... args) {
    otherFailures++;
    if (notes.stream().filter(n -> n.startsWith("FAIL")).count() < 10) {
      note("FAIL " + format, args);
    }
  }

  boolean passed() {
    return lost <= 0 && startedTwice <= 0 && leaked <= 0 && serverErrors == 0 && otherFailures == 0;
  }
}
