package dev.taskrunner.core.env;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags a runner JVM starts with, chosen for the JDK that runs it. A runner's own work is
 * small (start, status writes, copying output) and it mostly ends before a JIT pays back, so the
 * cheapest way to execute its code depends on the JDK, measured on a short echo task:
 * <ul>
 *   <li>before JDK 25, the interpreter ({@code -Xint}): ~50 ms CPU against ~65 ms with C1 alone (no
 *       compiler threads, no compilations thrown away at exit), at ~1 ms more CPU per MB of
 *       output;
 *   <li>from JDK 25, with its AOT cache, C1 alone. The runner's code as it is meets two JDK 25 costs
 *       that JDK 17 does not have, both hot loops an interpreter runs ~5x slower: {@code
 *       BigDecimal}'s class initializer squares its way to 5^65536 (Jackson's parser base class
 *       holds {@code BigDecimal} constants: ~90M instructions with C1, ~330M interpreted), and
 *       {@code System.exit} asks for a {@code System.Logger} to log the exit, whose service lookup
 *       opens every jar on the class path (the node's 7,000-entry jar: ~80M instructions with C1,
 *       ~430M interpreted). An echo runner: 221M instructions with C1, 478M interpreted. Once a
 *       runner does neither, the interpreter is the cheaper again (69M against 77M instructions,
 *       ~125 against ~153 ms CPU), and this choice should follow.
 * </ul>
 * Class archives are mapped where they were made to live ({@code ArchiveRelocationMode=0}; recent
 * JDKs relocate them by default, which dirties ~10 MB of pages that runners would otherwise
 * share): a live runner's PSS falls from about 21 to 12 MB. On JDK 25 the AOT cache also carries
 * the training run's method profiles, which a "Training replay" thread replays at start in step
 * with class initialization (~450 futex calls, one more thread); C1 alone has no use for them
 * ({@code -XX:-AOTReplayTraining}: 12 to 28 ms CPU less per runner, 100 futex calls instead of 600). Measured and left out
 * on JDK 25: compact object headers (no fewer instructions, more page faults), smaller code cache,
 * class space or initial heap (no change), the AOT cache without class linking (twice the
 * instructions: every class linked at run time), C1 with higher compile thresholds (the two hot
 * loops above run interpreted longer). The rest suits a small, short process.
 */
public final class RunnerJvmOptions {
  private static final List<String> COMMON = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx64m", "-XX:-UsePerfData",
      "-Xshare:auto", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
  /** Before JDK 25. */
  public static final List<String> INTERPRETED = with("-Xint");
  /** JDK 25 and later. */
  public static final List<String> C1_ONLY = with("-XX:TieredStopAtLevel=1", "-XX:-AOTReplayTraining");

  private RunnerJvmOptions() {}

  /** The flags for runners started by {@code java} (a path, or a name on the PATH). */
  public static List<String> forJava(String java) {
    return JavaVersions.feature(java) >= RunnerClassArchive.AOT_CACHE_JDK ? C1_ONLY : INTERPRETED;
  }

  /** {@code execution} first, then the common flags, then {@code diagnostic} ones (after their unlock). */
  private static List<String> with(String execution, String... diagnostic) {
    List<String> options = new ArrayList<>(List.of(execution));
    options.addAll(COMMON);
    options.addAll(List.of(diagnostic));
    return List.copyOf(options);
  }
}
