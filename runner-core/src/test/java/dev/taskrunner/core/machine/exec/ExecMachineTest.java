package dev.taskrunner.core.machine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.task.InvalidTaskException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of exec parameters; running them is {@link ExecExecutionTest}. */
class ExecMachineTest {
  private final ExecMachine machine = new ExecMachine();

  @Test
  void isNamedExec() {
    assertEquals("exec", machine.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"command\": [\"true\"]}",
      "{\"command\": [\"python3\", \"-c\", \"print(42)\"]}",
      "{\"command\": [\"printf\", \"\"]}",
      "{\"command\": [\"env\"], \"env\": {\"KEY\": \"value\", \"EMPTY\": \"\"}}",
      "{\"command\": [\"env\"], \"env\": {}}",
      "{\"command\": [\"true\"], \"shell\": false}",
      "{\"command\": \"echo $HOME | wc -c\", \"shell\": true}",
      "{\"command\": \"exit 3\", \"shell\": true, \"env\": {\"A\": \"b\"}}",
      "{\"command\": [\"true\"], \"shell\": null, \"env\": null}"})
  void acceptsTheDocumentedForms(String parameters) {
    assertNotNull(machine.prepare(json(parameters)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"true\"]", "\"true\"", "42", "null"})
  void rejectsParametersThatAreNotAnObject(String parameters) {
    assertRefused(parameters, "parameters", "must be an object with a 'command'");
  }

  @Test
  void rejectsAMissingCommand() {
    assertRefused("{\"env\": {}}", "parameters.command", "must be a non-empty array of strings");
  }

  @Test
  void rejectsAnEmptyCommandArray() {
    assertRefused("{\"command\": []}", "parameters.command", "must be a non-empty array of strings");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"echo\", 42]", "[\"echo\", null]", "[[\"echo\"]]", "[\"echo\", {\"a\": \"b\"}]", "[true]"})
  void rejectsACommandWithAnElementThatIsNotAString(String command) {
    assertRefused("{\"command\": " + command + "}", "parameters.command", "must be a non-empty array of strings");
  }

  @Test
  void rejectsAStringCommandWithoutShell() {
    InvalidTaskException e = assertRefused("{\"command\": \"ls -l\"}", "parameters.command", "array of strings");

    assertTrue(e.getMessage().contains("\"shell\": true"), "says how to fix it: " + e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\" \"", "\"\\t\""})
  void rejectsABlankProgram(String program) {
    assertRefused("{\"command\": [" + program + ", \"arg\"]}", "parameters.command", "the program (first element) must not be blank");
  }

  @Test
  void rejectsAnArrayCommandWithShellTrue() {
    assertRefused("{\"command\": [\"ls\", \"-l\"], \"shell\": true}", "parameters.command",
        "with \"shell\": true, must be a non-empty string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"   \"", "null", "42"})
  void rejectsABlankOrMissingShellCommand(String command) {
    assertRefused("{\"command\": " + command + ", \"shell\": true}", "parameters.command",
        "with \"shell\": true, must be a non-empty string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "\"yes\"", "[]"})
  void rejectsAShellThatIsNotABoolean(String shell) {
    assertRefused("{\"command\": [\"true\"], \"shell\": " + shell + "}", "parameters.shell", "must be true or false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"A=b\"]", "\"A=b\"", "true"})
  void rejectsAnEnvThatIsNotAnObject(String env) {
    assertRefused("{\"command\": [\"env\"], \"env\": " + env + "}", "parameters.env", "must be an object of string values");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "null", "[\"x\"]", "{}"})
  void rejectsAnEnvValueThatIsNotAString(String value) {
    assertRefused("{\"command\": [\"env\"], \"env\": {\"GOOD\": \"ok\", \"BAD\": " + value + "}}",
        "parameters.env.BAD", "must be a string");
  }

  @Test
  void rejectsAnEnvNameWithAnEqualsSign() {
    assertRefused("{\"command\": [\"env\"], \"env\": {\"A=B\": \"c\"}}", "parameters.env", "'A=B' is not a valid variable name");
  }

  @Test
  void rejectsTheCookieVariableWhichTheRunnerSets() {
    assertRefused("{\"command\": [\"env\"], \"env\": {\"TASK_RUNNER_COOKIE\": \"x\"}}", "parameters.env",
        "'TASK_RUNNER_COOKIE' is set by the runner");
  }

  @Test
  void rejectsAnEmptyEnvName() {
    assertRefused("{\"command\": [\"env\"], \"env\": {\"\": \"c\"}}", "parameters.env", "'' is not a valid variable name");
  }

  @Test
  void rejectsAnEnvNameWithANulCharacter() {
    assertRefused("{\"command\": [\"env\"], \"env\": {\"A\\u0000B\": \"c\"}}", "parameters.env", "is not a valid variable name");
  }

  @Test
  void rejectsANulCharacterInAValueOrAnArgument() {
    assertRefused("{\"command\": [\"env\"], \"env\": {\"A\": \"b\\u0000c\"}}", "parameters.env.A", "must not contain a NUL");
    assertRefused("{\"command\": [\"echo\", \"a\\u0000b\"]}", "parameters.command", "must not contain a NUL");
    assertRefused("{\"command\": \"echo a\\u0000b\", \"shell\": true}", "parameters.command", "must not contain a NUL");
  }

  @Test
  void rejectsAnUnknownParameterByName() {
    InvalidTaskException e = assertRefused("{\"command\": [\"true\"], \"cwd\": \"/tmp\"}", "parameters.cwd", "unknown field");

    assertTrue(e.getMessage().contains("allowed: command, env, shell"), e.getMessage());
  }

  private InvalidTaskException assertRefused(String parameters, String field, String reason) {
    InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> machine.prepare(json(parameters)), parameters);
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), "'" + reason + "' not in: " + e.getMessage());
    return e;
  }

  private static Object json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
