package dev.taskrunner.core.env;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags a runner JVM starts with, chosen for the JDK that runs it. A runner's own work is
 * small (start, status writes, copying output) and it mostly ends before a JIT pays back, so it
 * runs interpreted ({@code -Xint}: no compiler threads, no compilations thrown away at exit), at
 * ~1 ms more CPU per MB of output. Measured on a short echo task:
 * <ul>
 *   <li>before JDK 25: ~50 ms CPU against ~65 ms with C1 alone;
 *   <li>from JDK 25, with its AOT cache: 54M instructions against 61M with C1 alone, ~108 against
 *       ~127 ms CPU, as long as the runner stays clear of two JDK 25 costs that JDK 17 does not
 *       have, both hot loops an interpreter runs ~5x slower than C1: {@code System.exit} asks
 *       for a {@code System.Logger} to log the exit, and that logger's service lookup opens every
 *       jar on the class path (the node's jar holds 7,000 entries: ~80M instructions with C1,
 *       ~430M interpreted); {@code BigDecimal}'s class initializer squares its way to 5^65536
 *       (~90M with C1, ~330M interpreted; Jackson's parser holds {@code BigDecimal} constants). A
 *       runner that calls {@code System.exit} costs ~157 ms CPU interpreted against ~149 ms with C1;
 *       an exec runner ({@code true}) ~351 against ~374 ms, for twice the instructions (the
 *       interpreter's run at a higher rate, and no compiler thread competes for the cores).
 * </ul>
 * Class archives are mapped where they were made to live ({@code ArchiveRelocationMode=0}; recent
 * JDKs relocate them by default, which dirties ~10 MB of pages that runners would otherwise
 * share): a live runner's PSS falls from about 21 to 12 MB. On JDK 25 the AOT cache also carries
 * the training run's method profiles, which a "Training replay" thread replays at start in step
 * with class initialization (~350 more futex calls, one more thread) for compilers a runner does
 * not use ({@code -XX:-AOTReplayTraining}: 6 to 28 ms CPU less per runner). Measured and left out
 * on JDK 25: compact object headers (no fewer instructions, more page faults), a smaller code
 * cache, class space or initial heap (no change), the AOT cache without class linking (twice the
 * instructions: every class linked at run time), C1 with higher compile thresholds (between the
 * two), transparent huge pages for the heap (~220 fewer faults, more CPU: each 2 MB page is
 * zeroed whole), G1 (it maps the cache's archived objects where Serial copies them in: ~130 fewer
 * faults, ~6 ms more CPU), {@code -XX:-AOTAdapterCaching} (no change).
 *
 * <p>Past its instructions, a runner's CPU is the kernel's: about a third of it is page faults
 * (~2,800 a runner, ~18 us each on these VMs), most of them first writes to the class archive's
 * pages, the heap, and the JVM's own tables and libraries. So the JVM's string and symbol tables
 * start at 1,024 buckets instead of 65,536 and 32,768 (a runner interns a few hundred names beside
 * the archived ones; the tables grow if it interns more): ~190 fewer page faults, ~4 ms CPU less
 * per runner on JDK 25 and JDK 17 alike. The rest suits a small, short process.
 *
 * <p>A JDK that drops one of the flags below (several are diagnostic or experimental: a JDK may
 * remove them without notice) still starts runners: {@code -XX:+IgnoreUnrecognizedVMOptions}
 * makes the JVM skip a flag it does not know instead of refusing to start.
 */
public final class RunnerJvmOptions {
  private static final List<String> COMMON = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-Xint", "-XX:+UseSerialGC",
      "-Xss512k", "-Xmx64m", "-XX:-UsePerfData", "-Xshare:auto", "-XX:StringTableSize=1024",
      "-XX:+UnlockExperimentalVMOptions", "-XX:SymbolTableSize=1024", "-XX:+UnlockDiagnosticVMOptions",
      "-XX:ArchiveRelocationMode=0");
  /** Before JDK 25 (an AppCDS archive). */
  public static final List<String> INTERPRETED = COMMON;
  /** JDK 25 and later (an AOT cache). */
  public static final List<String> WITH_AOT_CACHE = with("-XX:-AOTReplayTraining");

  private RunnerJvmOptions() {}

  /** The flags for runners started by {@code java} (a path, or a name on the PATH). */
  public static List<String> forJava(String java) {
    return JavaVersions.feature(java) >= RunnerClassArchive.AOT_CACHE_JDK ? WITH_AOT_CACHE : INTERPRETED;
  }

  /** The common flags, then {@code diagnostic} ones (after their unlock). */
  private static List<String> with(String... diagnostic) {
    List<String> options = new ArrayList<>(COMMON);
    options.addAll(List.of(diagnostic));
    return List.copyOf(options);
  }
}
