package dev.taskrunner.core.task;

import static dev.taskrunner.core.task.TaskDefinitionJson.anEchoTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The document as a whole, {@code machine} and {@code parameters}. Optional fields: {@link TaskDefinitionsOptionalFieldsTest}. */
class TaskDefinitionsTest {

  @Test
  void acceptsAMinimalDefinition() {
    TaskDefinition definition = anEchoTask("ECHO hi").parsed();

    assertEquals(new TaskDefinition("echo", List.of("ECHO hi"), null, null, null), definition);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"machine\": \"echo\",", "machine=echo", "", "{'machine': 'echo'}", "{} {}"})
  void rejectsBytesThatAreNotOneJsonDocument(String text) {
    InvalidTaskException e = refused(text);

    assertRefusal(e, "", "not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"machine\": \"echo\"}]", "\"echo\"", "42", "true", "null"})
  void rejectsJsonThatIsNotAnObject(String text) {
    InvalidTaskException e = refused(text);

    assertRefusal(e, "", "must be a JSON object");
  }

  @Test
  void rejectsAnUnknownTopLevelFieldByName() {
    InvalidTaskException e = refused(anEchoTask("ECHO hi").with("priority", 5));

    assertRefusal(e, "priority", "unknown field");
    assertTrue(e.getMessage().contains("machine, parameters, id, name, timeoutSeconds"), e.getMessage());
  }

  @Test
  void rejectsAFieldNameThatDiffersOnlyInCase() {
    InvalidTaskException e = refused(anEchoTask("ECHO hi").with("Name", "x"));

    assertRefusal(e, "Name", "unknown field");
  }

  @Test
  void aDefinitionAcceptedBeforeIsReadWithoutItsMachineCheckingIt() {
    byte[] gone = "{\"machine\":\"removed-plugin\",\"parameters\":{\"any\":1},\"id\":\"old\"}".getBytes(StandardCharsets.UTF_8);
    byte[] badScript = "{\"machine\":\"echo\",\"parameters\":[\"NOT A STATEMENT\"]}".getBytes(StandardCharsets.UTF_8);

    assertEquals("removed-plugin", TaskDefinitions.parseAccepted(gone).machine());
    assertEquals("old", TaskDefinitions.parseAccepted(gone).id());
    assertEquals(List.of("NOT A STATEMENT"), TaskDefinitions.parseAccepted(badScript).parameters());
    assertThrows(InvalidTaskException.class, () -> TaskDefinitions.parse(gone));
    assertThrows(InvalidTaskException.class, () -> TaskDefinitions.parse(badScript));
    assertThrows(InvalidTaskException.class, () -> TaskDefinitions.parseAccepted(
        "{\"machine\":\"echo\",\"parameters\":[],\"priority\":1}".getBytes(StandardCharsets.UTF_8)), "fields still checked");
  }

  @Test
  void rejectsAMissingMachine() {
    InvalidTaskException e = refused(anEchoTask("ECHO hi").without("machine"));

    assertRefusal(e, "machine", "is required and must be a non-empty string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void rejectsABlankMachine(String machine) {
    InvalidTaskException e = refused(anEchoTask("ECHO hi").with("machine", machine));

    assertRefusal(e, "machine", "is required and must be a non-empty string");
  }

  @Test
  void rejectsANullMachine() {
    InvalidTaskException e = refused(anEchoTask("ECHO hi").with("machine", null));

    assertRefusal(e, "machine", "is required");
  }

  @Test
  void rejectsAMachineThatIsNotAString() {
    assertRefusal(refused(anEchoTask("ECHO hi").with("machine", 42)), "machine", "must be a string");
    assertRefusal(refused(anEchoTask("ECHO hi").with("machine", List.of("echo"))), "machine", "must be a string");
  }

  @Test
  void rejectsAnUnknownMachineAndListsTheInstalledOnes() {
    InvalidTaskException e = refused(anEchoTask("ECHO hi").with("machine", "slurm"));

    assertRefusal(e, "machine", "unknown machine 'slurm'");
    assertTrue(e.getMessage().endsWith("installed: echo, exec"), e.getMessage());
  }

  @Test
  void machineNamesAreCaseSensitive() {
    assertRefusal(refused(anEchoTask("ECHO hi").with("machine", "ECHO")), "machine", "unknown machine 'ECHO'");
  }

  @Test
  void rejectsMissingParameters() {
    InvalidTaskException e = refused(anEchoTask().without("parameters"));

    assertRefusal(e, "parameters", "is required");
  }

  @Test
  void rejectsNullParameters() {
    InvalidTaskException e = refused(anEchoTask().with("parameters", null));

    assertRefusal(e, "parameters", "is required");
  }

  @Test
  void letsTheMachineValidateTheParameters() {
    InvalidTaskException e = refused(anEchoTask("ECHO hi", "SHOUT hi"));

    assertRefusal(e, "parameters", "line 2: unknown statement 'SHOUT'");
  }

  @Test
  void reportsTheMachinesFieldPathForNestedParameters() {
    InvalidTaskException e = refused(TaskDefinitionJson.anExecTask().with("parameters", java.util.Map.of("command", "ls")));

    assertRefusal(e, "parameters.command", "non-empty array of strings");
  }

  @Test
  void rejectsADuplicateTopLevelKey() {
    InvalidTaskException e = refused("{\"machine\": \"echo\", \"parameters\": [], \"machine\": \"exec\"}");

    assertRefusal(e, "", "not valid JSON");
    assertTrue(e.getMessage().contains("Duplicate field 'machine'"), e.getMessage());
  }

  @Test
  void rejectsADuplicateKeyInsideTheParameters() {
    InvalidTaskException e = refused("{\"machine\": \"exec\", \"parameters\": "
        + "{\"command\": [\"env\"], \"env\": {\"A\": \"1\", \"A\": \"2\"}}}");

    assertRefusal(e, "", "Duplicate field 'A'");
  }

  static InvalidTaskException refused(TaskDefinitionJson json) {
    return assertThrows(InvalidTaskException.class, () -> TaskDefinitions.parse(json.bytes()), json.text());
  }

  static InvalidTaskException refused(String json) {
    return assertThrows(InvalidTaskException.class, () -> TaskDefinitions.parse(json.getBytes(StandardCharsets.UTF_8)), json);
  }

  /** The exception names {@code field}, and its message reads "field: reason" with {@code reason} in it. */
  static void assertRefusal(InvalidTaskException e, String field, String reason) {
    assertEquals(field, e.field(), e.getMessage());
    if (!field.isEmpty()) {
      assertTrue(e.getMessage().startsWith(field + ": "), "message should start with the field: " + e.getMessage());
    }
    assertTrue(e.getMessage().contains(reason), "message should contain '" + reason + "': " + e.getMessage());
  }
}
