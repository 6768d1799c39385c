package dev.taskrunner.core.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what Linux says about a process in {@code /proc/PID}. One instance per scan: it keeps a
 * buffer so that reading a few hundred environments allocates next to nothing. Not thread-safe.
 */
final class Proc {
  private byte[] buffer;
  private int length;

  Proc() {
    this(16 * 1024);
  }

  private Proc(int bufferBytes) {
    buffer = new byte[bufferBytes];
  }

  /** The whole of a small {@code /proc} file, read as a scan reads it; null when it cannot be read. */
  static byte[] bytes(String file) {
    Proc proc = new Proc(4096);
    return proc.read(file) ? Arrays.copyOf(proc.buffer, proc.length) : null;
  }

  /** The pids under {@code /proc}, or an empty array where there is no {@code /proc}. */
  static String[] pids() {
    String[] names = new java.io.File("/proc").list((dir, name) -> !name.isEmpty() && Character.isDigit(name.charAt(0)));
    return names == null ? new String[0] : names;
  }

  /**
   * True when the environment of {@code pid} holds {@code entry} ({@code NAME=value}) as one whole
   * NUL-separated entry. False for a process that is gone, that we may not read, or a zombie (whose
   * environment reads empty: its memory is already freed).
   */
  boolean environHas(String pid, byte[] entry) {
    if (!read("/proc/" + pid + "/environ")) {
      return false;
    }
    for (int at = 0; at + entry.length <= length; ) {
      if (startsAt(entry, at) && (at + entry.length == length || buffer[at + entry.length] == 0)) {
        return true;
      }
      int nul = indexOfNul(at);
      if (nul < 0) {
        return false;
      }
      at = nul + 1;
    }
    return false;
  }

  /** Reads a whole file into the buffer; false when it cannot be read. */
  private boolean read(String file) {
    length = 0;
    try (FileInputStream in = new FileInputStream(file)) {
      // A /proc read fills the buffer unless the file ends first: a short read is its end, and
      // saves the read that would return 0 (a scan's cost is mostly these system calls).
      for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
        length += n;
        if (length < buffer.length) {
          break;
        }
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      return true;
    } catch (IOException e) {
      return false; // gone, or not ours to read
    }
  }

  private boolean startsAt(byte[] entry, int at) {
    for (int i = 0; i < entry.length; i++) {
      if (buffer[at + i] != entry[i]) {
        return false;
      }
    }
    return true;
  }

  private int indexOfNul(int from) {
    for (int i = from; i < length; i++) {
      if (buffer[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The bytes of one environment entry, {@code NAME=value}, as the kernel keeps it. */
  static byte[] entry(String name, String value) {
    return (name + "=" + value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code /proc/PID/stat}: its state letter and process group, or {@code null} when the process is
   * gone. After the command name (which may hold spaces and parentheses) come state, ppid, pgrp.
   */
  Stat stat(String pid) {
    if (!read("/proc/" + pid + "/stat")) {
      return null;
    }
    int close = length - 1;
    while (close >= 0 && buffer[close] != ')') {
      close--;
    }
    int at = close + 2; // state
    if (close < 0 || at + 4 >= length) {
      return null;
    }
    char state = (char) buffer[at];
    at += 2; // ppid
    while (at < length && buffer[at] != ' ') {
      at++;
    }
    long group = 0;
    for (at++; at < length && buffer[at] != ' '; at++) {
      group = group * 10 + (buffer[at] - '0');
    }
    return new Stat(state, group);
  }

  /** A process's state letter and group. */
  record Stat(char state, long group) {
    /** Zombies (Z) and dead ones (X) have ended; only their parent's wait is missing. */
    boolean running() {
      return state != 'Z' && state != 'X';
    }
  }
}
