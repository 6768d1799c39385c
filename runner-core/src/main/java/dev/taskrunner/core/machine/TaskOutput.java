package dev.taskrunner.core.machine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The task's output: bytes go to {@code output.log} as they come (no buffering, so a follower
 * sees them at once) and, when the runner has a terminal to echo to, to that too. The file keeps
 * at most {@code limit} bytes of output: past it, one truncation line is written and the rest is
 * discarded (the terminal still sees it), so a noisy task cannot fill the disk. Thread-safe: a
 * process's stdout and stderr pumps share one instance.
 */
public final class TaskOutput extends OutputStream {
  private final OutputStream file;
  private final OutputStream echo;
  private final long limit;
  /** Guarded by {@code this}. */
  private long written;
  /** Guarded by {@code this}. */
  private boolean truncated;

  /** @param echo where to copy the output as well, or {@code null} */
  public TaskOutput(OutputStream file, OutputStream echo) {
    this(file, echo, Long.MAX_VALUE);
  }

  /** @param limit the most bytes of output the file keeps */
  public TaskOutput(OutputStream file, OutputStream echo, long limit) {
    this.file = file;
    this.echo = echo;
    this.limit = limit;
  }

  /** The line written once when the output reaches its limit. */
  public static String truncationLine(long limit) {
    return "\n[output truncated: the task wrote more than " + limit + " bytes; the rest was discarded]\n";
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int off, int len) throws IOException {
    if (!truncated) {
      int kept = (int) Math.min(limit - written, len);
      if (kept > 0) {
        file.write(bytes, off, kept);
        written += kept;
      }
      if (kept < len) {
        file.write(truncationLine(limit).getBytes(StandardCharsets.UTF_8));
        truncated = true; // nothing more goes to the file
      }
    }
    if (echo != null) {
      echo.write(bytes, off, len);
      echo.flush();
    }
  }

  /** Writes one line of text, newline added. */
  public void line(String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    write(bytes, 0, bytes.length);
  }

  @Override
  public synchronized void flush() throws IOException {
    file.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    file.close();
  }
}
