package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteTaskTest {
  private static RemoteTask task(String state, String outcome, Long exitCode) {
    Map<String, Object> json = new HashMap<>();
    json.put("taskId", "t");
    json.put("state", state);
    json.put("outcome", outcome);
    json.put("exitCode", exitCode);
    return RemoteTask.of(json);
  }

  @Test
  void theExitStatusIsTheTasksOwnCodeWhenItRanToItsEnd() {
    assertEquals(0, task("exited", "succeeded", 0L).exitStatus());
    assertEquals(3, task("exited", "failed", 3L).exitStatus());
  }

  @Test
  void otherOutcomesHaveTheirConventionalCodes() {
    assertEquals(70, task("exited", "error", null).exitStatus());
    assertEquals(124, task("exited", "timeout", null).exitStatus());
    assertEquals(143, task("exited", "canceled", null).exitStatus());
    assertEquals(1, task("lost", null, null).exitStatus());
  }

  @Test
  void exitedAndLostAreFinal() {
    assertTrue(task("exited", "succeeded", 0L).isFinal());
    assertTrue(task("lost", null, null).isFinal());
    assertFalse(task("stopping", null, null).isFinal());
  }

  @Test
  void theSummaryIsIdStateAndOutcome() {
    assertEquals("t queued", task("queued", null, null).summary());
    assertEquals("t exited (canceled)", task("exited", "canceled", null).summary());
  }

  @Test
  void somethingThatIsNotATaskIsACliError() {
    assertThrows(CliException.class, () -> RemoteTask.of(List.of()));
    assertThrows(CliException.class, () -> RemoteTask.listOf(Map.of()));
  }
}
