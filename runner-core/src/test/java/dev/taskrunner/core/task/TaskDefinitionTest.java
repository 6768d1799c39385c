package dev.taskrunner.core.task;

import static dev.taskrunner.core.task.TaskDefinitionJson.anEchoTask;
import static dev.taskrunner.core.task.TaskDefinitionJson.anExecTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDefinitionTest {

  @Test
  void aFullDefinitionSurvivesARoundTripThroughItsJson() {
    // GIVEN a definition with every field, nested parameters and several number types
    TaskDefinition original = anExecTask("python3", "-c", "print(42)")
        .with("parameters", Map.of("command", List.of("python3", "-c", "print(42)"),
            "env", Map.of("KEY", "value", "EMPTY", "")))
        .withId("nightly-export-2026-11-24")
        .withName("nightly export ✓")
        .withTimeoutSeconds(3600)
        .parsed();

    // WHEN it is written as task.json and read back
    TaskDefinition reread = TaskDefinitions.parse(original.toJson());

    // THEN nothing was lost or changed
    assertEquals(original, reread);
    assertEquals(3600L, reread.timeoutSeconds());
    assertEquals("nightly export ✓", reread.name());
  }

  @Test
  void anEchoDefinitionSurvivesARoundTripThroughItsJson() {
    TaskDefinition original = anEchoTask("ECHO \"quoted\" \\ back", "SLEEP 0.5", "CLEANUP", "ECHO done").withId("e1").parsed();

    assertEquals(original, TaskDefinitions.parse(original.toJson()));
  }

  @Test
  void theJsonOmitsAbsentOptionalFields() {
    Map<String, Object> map = anEchoTask("ECHO hi").parsed().toJsonMap();

    assertEquals(List.of("machine", "parameters"), List.copyOf(map.keySet()));
  }

  @Test
  void theJsonListsFieldsInTheDocumentedOrder() {
    Map<String, Object> map = anEchoTask("ECHO hi").withTimeoutSeconds(5).withName("n").withId("i").parsed().toJsonMap();

    assertEquals(List.of("machine", "parameters", "id", "name", "timeoutSeconds"), List.copyOf(map.keySet()));
  }

  @Test
  void withIdChangesOnlyTheId() {
    TaskDefinition original = anEchoTask("ECHO hi").withName("n").withTimeoutSeconds(9).parsed();

    TaskDefinition renamed = original.withId("assigned-1");

    assertEquals(new TaskDefinition("echo", List.of("ECHO hi"), "assigned-1", "n", 9L), renamed);
  }

  @Test
  void theSameTaskUnderAnotherIdIsTheSameWork() {
    TaskDefinition a = anEchoTask("ECHO hi").withName("n").withTimeoutSeconds(9).withId("a").parsed();
    TaskDefinition b = anEchoTask("ECHO hi").withName("n").withTimeoutSeconds(9).parsed();

    assertTrue(a.sameWorkAs(b));
    assertTrue(b.sameWorkAs(a));
  }

  @Test
  void aDifferenceInMachineParametersNameOrTimeoutIsOtherWork() {
    TaskDefinition base = anEchoTask("ECHO hi").withName("n").withTimeoutSeconds(9).parsed();

    assertFalse(base.sameWorkAs(anEchoTask("ECHO ho").withName("n").withTimeoutSeconds(9).parsed()), "parameters");
    assertFalse(base.sameWorkAs(anEchoTask("ECHO hi").withName("m").withTimeoutSeconds(9).parsed()), "name");
    assertFalse(base.sameWorkAs(anEchoTask("ECHO hi").withName("n").withTimeoutSeconds(10).parsed()), "timeout");
    assertFalse(base.sameWorkAs(anEchoTask("ECHO hi").withName("n").parsed()), "timeout absent");
    assertFalse(base.sameWorkAs(new TaskDefinition("other", List.of("ECHO hi"), null, "n", 9L)), "machine");
  }

  @Test
  void aDefinitionNeedsAMachine() {
    assertThrows(NullPointerException.class, () -> new TaskDefinition(null, List.of(), null, null, null));
  }
}
