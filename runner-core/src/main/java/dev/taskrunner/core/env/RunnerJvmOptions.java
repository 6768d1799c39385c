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
 *   <li>from JDK 25, with its AOT cache, C1 alone: ~70 ms against ~150 ms interpreted.
 * </ul>
 * Class archives are mapped where they were made to live ({@code ArchiveRelocationMode=0}; recent
 * JDKs relocate them by default, which dirties ~10 MB of pages that runners would otherwise
 * share): a live runner's PSS falls from about 21 to 12 MB. The rest suits a small, short process.
 */
public final class RunnerJvmOptions {
  private static final List<String> COMMON = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx64m", "-XX:-UsePerfData",
      "-Xshare:auto", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
  /** Before JDK 25. */
  public static final List<String> INTERPRETED = with("-Xint");
  /** JDK 25 and later. */
  public static final List<String> C1_ONLY = with("-XX:TieredStopAtLevel=1");

  private RunnerJvmOptions() {}

  /** The flags for runners started by {@code java} (a path, or a name on the PATH). */
  public static List<String> forJava(String java) {
    return JavaVersions.feature(java) >= RunnerClassArchive.AOT_CACHE_JDK ? C1_ONLY : INTERPRETED;
  }

  private static List<String> with(String execution) {
    List<String> options = new ArrayList<>(List.of(execution));
    options.addAll(COMMON);
    return List.copyOf(options);
  }
}
