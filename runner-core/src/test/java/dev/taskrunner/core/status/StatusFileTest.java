package dev.taskrunner.core.status;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.layout.TaskFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusFileTest {
  static final Instant PID_STARTED = Instant.parse("2026-11-24T10:00:00.120Z");
  static final Instant STARTED = Instant.parse("2026-11-24T10:00:00.512345678Z");
  static final TaskStatus RUNNING = TaskStatus.started("nightly-1", 4242, PID_STARTED, "node-1", STARTED);

  @TempDir Path directory;

  @Test
  void aStartedStatusReadsBackEqual() {
    assertRoundTrip(RUNNING);
  }

  @Test
  void aHeartbeatReadsBackEqual() {
    assertRoundTrip(RUNNING.heartbeat(STARTED.plusSeconds(2)));
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void aFinishedStatusReadsBackEqualWithItsOutcomeInLowerCase(Outcome outcome) throws IOException {
    Integer code = outcome == Outcome.SUCCEEDED ? Integer.valueOf(0) : outcome == Outcome.FAILED ? Integer.valueOf(3) : null;
    TaskStatus finished = RUNNING.finish(STARTED.plusSeconds(9), code, outcome, outcome == Outcome.ERROR ? "disk on fire" : null);

    assertRoundTrip(finished);
    assertEquals(outcome.name().toLowerCase(), rawJson().get("outcome"));
  }

  @Test
  void unknownOptionalFieldsReadBackAsNull() throws IOException {
    TaskStatus sparse = new TaskStatus(1, "t1", 7, null, null, STARTED, null, null, null, null, null, null);

    assertRoundTrip(sparse);
    Map<?, ?> raw = rawJson();
    for (String field : new String[] {"pidStartedAt", "host", "updatedAt", "finishedAt", "exitCode", "outcome", "reason"}) {
      assertTrue(raw.containsKey(field), field + " written");
      assertEquals(null, raw.get(field), field);
    }
  }

  @Test
  void writesTheFieldsOfTheDesign() throws IOException {
    new StatusFile(directory).write(RUNNING.finish(STARTED.plusSeconds(1), 0, Outcome.SUCCEEDED, null), true);

    Map<?, ?> raw = rawJson();
    assertTrue(raw.keySet().containsAll(Set.of("taskId", "pid", "pidStartedAt", "host", "startedAt", "updatedAt",
        "finishedAt", "exitCode", "outcome")), raw.keySet().toString());
    assertEquals("nightly-1", raw.get("taskId"));
    assertEquals(4242L, raw.get("pid"));
    assertEquals("2026-11-24T10:00:00.120Z", raw.get("pidStartedAt"));
    assertEquals(0L, raw.get("exitCode"));
    assertEquals(1L, raw.get("version"));
  }

  @Test
  void aLaterWriteReplacesTheEarlierOne() {
    StatusFile file = new StatusFile(directory);
    TaskStatus finished = RUNNING.finish(STARTED.plusSeconds(5), 1, Outcome.FAILED, null);

    file.write(RUNNING, false);
    file.write(finished, true);

    assertEquals(new StatusRead.Present(finished), file.read());
  }

  @Test
  void readingAMissingFileGivesMissing() {
    assertEquals(new StatusRead.Missing(), new StatusFile(directory).read());
  }

  @Test
  void aStatusWithoutAVersionIsVersionOne() throws IOException {
    write("{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\"}");

    StatusRead read = new StatusFile(directory).read();

    TaskStatus status = assertInstanceOf(StatusRead.Present.class, read).status();
    assertEquals(1, status.version());
    assertEquals(5, status.pid());
    assertFalse(status.finished());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "garbage",
      "",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\"",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-2",
      "[{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\"}]",
      "null",
      "{\"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\"}",
      "{\"taskId\": 17, \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\"}",
      "{\"taskId\": \"t1\", \"pid\": \"5\", \"startedAt\": \"2026-11-24T10:00:00Z\"}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"yesterday\"}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": 1732442400}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"finishedAt\": \"2026-13-01T00:00:00Z\"}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"outcome\": \"exploded\"}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"outcome\": 1}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"exitCode\": \"0\"}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"exitCode\": 0.5}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"version\": \"1\"}",
      "{\"taskId\": \"t1\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\", \"host\": [\"a\"]}",
      "{\"taskId\": \"t1\", \"taskId\": \"t2\", \"pid\": 5, \"startedAt\": \"2026-11-24T10:00:00Z\"}"})
  void aFileThatIsNotAStatusIsCorruptWithAReason(String content) throws IOException {
    write(content);

    StatusRead read = assertDoesNotThrow(() -> new StatusFile(directory).read());

    StatusRead.Corrupt corrupt = assertInstanceOf(StatusRead.Corrupt.class, read, content);
    assertFalse(corrupt.reason().isBlank());
  }

  @Test
  void bytesThatAreNotUtf8AreCorrupt() throws IOException {
    Files.write(directory.resolve(TaskFiles.STATUS), new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});

    assertInstanceOf(StatusRead.Corrupt.class, new StatusFile(directory).read());
  }

  @Test
  void aStatusPathThatCannotBeReadIsCorrupt() throws IOException {
    Files.createDirectory(directory.resolve(TaskFiles.STATUS));

    StatusRead.Corrupt corrupt = assertInstanceOf(StatusRead.Corrupt.class, new StatusFile(directory).read());

    assertTrue(corrupt.reason().startsWith("cannot read "), corrupt.reason());
  }

  @Test
  void leavesNoTemporaryFileBehind() throws IOException {
    StatusFile file = new StatusFile(directory);

    file.write(RUNNING, false);
    file.write(RUNNING.heartbeat(STARTED.plusSeconds(1)), false);
    file.write(RUNNING.finish(STARTED.plusSeconds(2), 0, Outcome.SUCCEEDED, null), true);

    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(Set.of(TaskFiles.STATUS), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  private void assertRoundTrip(TaskStatus status) {
    StatusFile file = new StatusFile(directory);

    file.write(status, false);

    assertEquals(new StatusRead.Present(status), file.read());
  }

  private Map<?, ?> rawJson() throws IOException {
    return (Map<?, ?>) Json.parse(Files.readAllBytes(directory.resolve(TaskFiles.STATUS)));
  }

  private void write(String content) throws IOException {
    Files.writeString(directory.resolve(TaskFiles.STATUS), content, StandardCharsets.UTF_8);
  }
}
