package dev.taskrunner.core.machine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class TaskOutputTest {
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

  @Test
  void outputWithinTheLimitIsKeptWhole() throws Exception {
    TaskOutput output = new TaskOutput(file, terminal, 10);

    output.write("0123456789".getBytes(UTF_8));

    assertEquals("0123456789", file.toString(UTF_8));
  }

  @Test
  void aWriteCrossingTheLimitKeepsItsHeadThenOneTruncationLine() throws Exception {
    TaskOutput output = new TaskOutput(file, terminal, 4);

    output.write("abcdef".getBytes(UTF_8));
    output.write("more".getBytes(UTF_8));

    assertEquals("abcd" + TaskOutput.truncationLine(4), file.toString(UTF_8));
    assertEquals("abcdefmore", terminal.toString(UTF_8), "the terminal sees everything");
  }

  @Test
  void outputThatFillsTheLimitExactlyIsTruncatedAtTheNextByte() throws Exception {
    TaskOutput output = new TaskOutput(file, null, 4);

    output.write("abcd".getBytes(UTF_8));
    assertEquals("abcd", file.toString(UTF_8));
    output.write('e');
    output.line("f");

    assertEquals("abcd" + TaskOutput.truncationLine(4), file.toString(UTF_8));
  }
}
