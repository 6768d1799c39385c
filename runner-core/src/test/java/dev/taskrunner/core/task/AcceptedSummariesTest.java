package dev.taskrunner.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AcceptedSummariesTest {
  private static TaskSummary read(String json) throws IOException {
    return AcceptedSummaries.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void keepsTheShownFieldsAndSkipsTheParameters() throws IOException {
    String big = "x".repeat(2_000_000);
    TaskSummary s = read("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"" + big + "\"],\"env\":{\"A\":[1,{\"b\":2}]}},"
        + "\"id\":\"t1\",\"name\":\"nightly\",\"timeoutSeconds\":60}");
    assertEquals(new TaskSummary("exec", "nightly", 60L), s);
  }

  @Test
  void optionalFieldsMayBeAbsent() throws IOException {
    assertEquals(new TaskSummary("echo", null, null), read("{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]}"));
  }

  @Test
  void refusesWhatASubmissionWouldRefuse() {
    assertEquals("parameters", assertThrows(InvalidTaskException.class, () -> read("{\"machine\":\"echo\"}")).field());
    assertEquals("machine", assertThrows(InvalidTaskException.class, () -> read("{\"parameters\":1}")).field());
    assertEquals("name", assertThrows(InvalidTaskException.class,
        () -> read("{\"machine\":\"echo\",\"parameters\":1,\"name\":true}")).field());
    assertEquals("timeoutSeconds", assertThrows(InvalidTaskException.class,
        () -> read("{\"machine\":\"echo\",\"parameters\":1,\"timeoutSeconds\":1.5}")).field());
    assertEquals("surprise", assertThrows(InvalidTaskException.class,
        () -> read("{\"machine\":\"echo\",\"parameters\":1,\"surprise\":{}}")).field());
    assertEquals("", assertThrows(InvalidTaskException.class, () -> read("[1]")).field());
    assertEquals("", assertThrows(InvalidTaskException.class, () -> read("{\"machine\":")).field());
  }
}
