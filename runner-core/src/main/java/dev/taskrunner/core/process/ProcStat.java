package dev.taskrunner.core.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process as the kernel reports it in {@code /proc/PID/stat} and {@code /proc/PID/cmdline}.
 * {@code startTicks} (field 22: clock ticks from boot to the process's start) never changes for a
 * process and differs for a later process that gets the same pid: with the boot id it names one
 * process for good.
 */
public record ProcStat(long pid, char state, long ppid, long pgrp, long startTicks) {

  /** The process {@code pid} now, or empty when there is none (or no /proc). */
  public static Optional<ProcStat> read(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    byte[] stat = procFile(pid, "stat");
    try {
      // Latin-1: every byte a char. Only the fields after the command name are parsed, all ASCII.
      return stat == null ? Optional.empty() : Optional.of(parse(pid, new String(stat, StandardCharsets.ISO_8859_1)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The whole of {@code /proc/PID/NAME}; null when it cannot be read (gone, not ours). Read into one
   * buffer ({@link Proc#bytes}): {@link java.nio.file.Files#readAllBytes} first reads one byte of a
   * {@code /proc} file (its size shows as 0), then grows a buffer for the rest; a restart reads two
   * of these files for each of a thousand live tasks.
   */
  private static byte[] procFile(long pid, String name) {
    return Proc.bytes("/proc/" + pid + "/" + name);
  }

  static ProcStat parse(long pid, String stat) {
    // The command name (field 2) may hold spaces and parentheses: the fields start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 21);
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[19]));
  }

  /** Exited but not reaped (Z), or dead (X): not a running process. */
  public boolean isZombie() {
    return state == 'Z' || state == 'X';
  }

  /** The arguments the process was started with; empty when they cannot be read (gone, or a kernel thread). */
  public static List<String> commandLine(long pid) {
    byte[] raw = pid <= 0 ? null : procFile(pid, "cmdline");
    if (raw == null) {
      return List.of();
    }
    // Decoded once, then cut at the NULs (a NUL is never part of a UTF-8 sequence): a loop that
    // decoded each argument would have the JIT inline the decoder into it, and a restart reads
    // the command lines of every live task and of every process (EarlierWarmRunners).
    String all = new String(raw, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int nul = all.indexOf('\0'); nul >= 0; nul = all.indexOf('\0', start)) {
      args.add(all.substring(start, nul));
      start = nul + 1;
    }
    if (start < all.length()) {
      args.add(all.substring(start));
    }
    return args;
  }
}
