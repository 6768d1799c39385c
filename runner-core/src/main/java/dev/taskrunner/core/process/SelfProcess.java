package dev.taskrunner.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * This process's pid and start, read once from {@code /proc/self/stat} rather than through
 * {@link ProcessHandle}: its set-up (an executor, method handles) costs a runner JVM, which runs
 * interpreted, about a seventh of its whole run. {@link #startInstant()} is exactly what
 * {@code ProcessHandle.current().info().startInstant()} gives. Where there is no {@code /proc},
 * {@code ProcessHandle} answers.
 */
public final class SelfProcess {
  /**
   * Clock ticks per second in {@code /proc} ({@code sysconf(_SC_CLK_TCK)}, the kernel's USER_HZ):
   * 100 on every Linux architecture a JDK 17 runs on (only alpha and ia64 had others).
   */
  static final long TICKS_PER_SECOND = 100;
  private static final ProcStat STAT = readStat();

  private SelfProcess() {}

  public static long pid() {
    return STAT.pid();
  }

  /** Clock ticks from boot to this process's start (field 22 of its stat); 0 when unknown. */
  public static long startTicks() {
    return STAT.startTicks();
  }

  /**
   * When this process started, to the millisecond, as the JDK computes it on Linux: the boot time
   * ({@code btime} of {@code /proc/stat}, in seconds) plus the start ticks; {@code null} when unknown.
   */
  public static Instant startInstant() {
    if (STAT.startTicks() == 0) {
      return ProcessHandle.current().info().startInstant().orElse(null);
    }
    long bootSeconds = bootTime(read("/proc/stat"));
    return bootSeconds < 0 ? null : Instant.ofEpochMilli(bootSeconds * 1000 + STAT.startTicks() * 1000 / TICKS_PER_SECOND);
  }

  private static ProcStat readStat() {
    byte[] stat = read("/proc/self/stat");
    if (stat != null) {
      try {
        String text = new String(stat, java.nio.charset.StandardCharsets.ISO_8859_1);
        return ProcStat.parse(Long.parseLong(text.substring(0, text.indexOf(' '))), text);
      } catch (RuntimeException e) {
        // not the format we know: ask the JDK
      }
    }
    return new ProcStat(ProcessHandle.current().pid(), 'R', 0, 0, 0);
  }

  /**
   * The {@code btime} line of {@code /proc/stat}, seconds since the epoch; -1 without one. Looked
   * for from the end: it follows the long per-interrupt line.
   */
  static long bootTime(byte[] procStat) {
    if (procStat == null) {
      return -1;
    }
    byte[] key = {'\n', 'b', 't', 'i', 'm', 'e', ' '};
    for (int at = procStat.length - key.length; at >= 0; at--) {
      if (startsWith(procStat, at, key)) {
        long seconds = 0;
        int i = at + key.length;
        for (; i < procStat.length && procStat[i] >= '0' && procStat[i] <= '9'; i++) {
          seconds = seconds * 10 + (procStat[i] - '0');
        }
        return i > at + key.length ? seconds : -1;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (bytes[at + i] != key[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] read(String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
