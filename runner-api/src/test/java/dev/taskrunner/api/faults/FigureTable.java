package dev.taskrunner.api.faults;

import java.util.List;

/** The suite's report: one Markdown table row per scenario, then each scenario's notes. */
final class FigureTable {
  private FigureTable() {
  }

  static String render(List<Figures> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | load held | faults survived | inputs tried | lost | started twice | leaked | 5xx | other failures |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Figures f : rows) {
      out.append(String.format("| %s | %s | %,d | %,d | %s | %s | %s | %d | %d |%n", f.scenario, f.load,
          f.faultsSurvived, f.inputsTried, count(f.lost), count(f.startedTwice), count(f.leaked), f.serverErrors,
          f.otherFailures));
    }
    out.append('\n');
    for (Figures f : rows) {
      for (String note : f.notes) {
        out.append("- ").append(f.scenario).append(": ").append(note).append('\n');
      }
    }
    return out.toString();
  }

  private static String count(long n) {
    return n < 0 ? "—" : Long.toString(n);
  }
}
