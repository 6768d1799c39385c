package dev.taskrunner.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try {
      return Optional.of(parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
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
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      List<String> args = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      if (start < raw.length) {
        args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
      }
      return args;
    } catch (IOException e) {
      return List.of();
    }
  }
}
