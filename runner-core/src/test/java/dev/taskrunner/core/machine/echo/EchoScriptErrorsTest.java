package dev.taskrunner.core.machine.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.task.InvalidTaskException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Syntax errors: each is an InvalidTaskException on {@code parameters} that names the 1-based line. */
class EchoScriptErrorsTest {

  @Test
  void rejectsAnUnknownStatementNamingItsLine() {
    InvalidTaskException e = refused(3, "unknown statement 'PRINT'", "# comment", "ECHO a", "print hello");

    assertTrue(e.getMessage().contains("expected ECHO, SLEEP, LOG, RETURN, RAISE, USE or CLEANUP"), e.getMessage());
  }

  @Test
  void readsTheMessageAsFieldLineAndReason() {
    InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> EchoScript.parse(List.of("BOGUS")));

    assertEquals("parameters", e.field());
    assertTrue(e.getMessage().startsWith("parameters: line 1: unknown statement 'BOGUS'"), e.getMessage());
  }

  @Test
  void countsBlankLinesAndCommentsInTheLineNumber() {
    refused(5, "unknown statement", "", "# one", "   ", "ECHO fine", "WAIT 3");
  }

  @Test
  void countsLinesOfOneStringWhateverTheLineEndings() {
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> EchoScript.parse("ECHO a\r\n\nECHO b\rECHO c\nFROB"));

    assertTrue(e.getMessage().contains("line 5: unknown statement 'FROB'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"SLEEP", "SLEEP abc", "SLEEP 1 2", "SLEEP 5s", "SLEEP NaN", "SLEEP Infinity", "SLEEP 31536001"})
  void rejectsASleepWithoutAUsableNumberOfSeconds(String line) {
    refused(2, "SLEEP needs a number of seconds between 0 and 31536000", "ECHO a", line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SLEEP 5d", "SLEEP 5f", "SLEEP 2D", "SLEEP 0x1p3"})
  void rejectsASleepWrittenAsAJavaLiteral(String line) {
    refused(1, "SLEEP needs a number of seconds", line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SLEEP -1", "SLEEP -0.5"})
  void rejectsANegativeSleep(String line) {
    InvalidTaskException e = refused(1, "SLEEP needs a number of seconds", line);

    assertTrue(e.getMessage().contains("got '" + line.substring(6) + "'"), e.getMessage());
  }

  @Test
  void rejectsReturn256() {
    refused(2, "RETURN needs an exit code from 0 to 255, got '256'", "ECHO a", "RETURN 256");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RETURN x", "RETURN", "RETURN -1", "RETURN 1.5", "RETURN 99999999999", "RETURN 1 2"})
  void rejectsAReturnWithoutAnExitCode(String line) {
    refused(1, "RETURN needs an exit code from 0 to 255", line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LOG LOUD disk full", "LOG", "LOG disk full", "LOG WARN disk full"})
  void rejectsALogWithoutAKnownLevel(String line) {
    refused(2, "LOG needs a level (DEBUG, INFO, WARNING, ERROR, CRITICAL) then a message", "# log", line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"USE", "USE SHARED", "USE EXCLUSIVE", "USE SOMETIMES db", "USE db"})
  void rejectsAUseWithoutAModeAndResources(String line) {
    refused(1, "USE needs SHARED or EXCLUSIVE then at least one resource name", line);
  }

  @Test
  void rejectsAUseAfterAnotherStatement() {
    refused(3, "USE must come before every other statement, outside CLEANUP", "USE SHARED db", "ECHO a", "USE EXCLUSIVE gpu");
  }

  @Test
  void rejectsAUseInTheCleanupSection() {
    refused(3, "USE must come before every other statement, outside CLEANUP", "USE SHARED db", "CLEANUP", "USE SHARED db");
  }

  @Test
  void rejectsAUseInACleanupSectionThatStartsTheScript() {
    refused(2, "USE must come before every other statement", "CLEANUP", "USE SHARED db");
  }

  @Test
  void rejectsAReturnInTheCleanupSection() {
    refused(4, "RETURN is not allowed in the CLEANUP section", "ECHO a", "CLEANUP", "ECHO b", "RETURN 1");
  }

  @Test
  void rejectsARaiseInTheCleanupSection() {
    refused(3, "RAISE is not allowed in the CLEANUP section", "ECHO a", "CLEANUP", "raise oops");
  }

  @Test
  void rejectsASecondCleanupNamingTheSecondOne() {
    refused(4, "CLEANUP appears twice; a script has one cleanup section", "ECHO a", "CLEANUP", "ECHO b", "cleanup");
  }

  @Test
  void rejectsACleanupWithAnArgument() {
    refused(2, "CLEANUP takes no argument", "ECHO a", "CLEANUP now");
  }

  @Test
  void reportsTheFirstErrorWhenThereAreSeveral() {
    refused(2, "unknown statement 'ONE'", "ECHO ok", "ONE", "TWO");
  }

  /** Asserts {@code lines} are refused on {@code parameters} at {@code line} with {@code reason}. */
  private static InvalidTaskException refused(int line, String reason, String... lines) {
    InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> EchoScript.parse(List.of(lines)), String.join(" | ", lines));
    assertEquals("parameters", e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("parameters: line " + line + ": "), "expected line " + line + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    return e;
  }
}
