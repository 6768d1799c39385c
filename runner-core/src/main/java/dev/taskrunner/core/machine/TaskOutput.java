package dev.taskrunner.core.machine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The task's output: bytes go to {@code output.log} as they come (no buffering, so a follower
 * sees them at once) and, when the runner has a terminal to echo to, to that too. Thread-safe:
 * a process's stdout and stderr pumps share one instance.
 */
public final class TaskOutput extends OutputStream {
  private final OutputStream file;
  private final OutputStream echo;

  /** @param echo where to copy the output as well, or {@code null} */
  public TaskOutput(OutputStream file, OutputStream echo) {
    this.file = file;
    this.echo = echo;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int off, int len) throws IOException {
    file.write(bytes, off, len);
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
