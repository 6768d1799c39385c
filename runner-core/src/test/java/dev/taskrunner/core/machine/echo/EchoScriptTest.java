package dev.taskrunner.core.machine.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.echo.Statement.Kind;
import dev.taskrunner.core.task.InvalidTaskException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a valid script parses to. Refusals: {@link EchoScriptErrorsTest}. */
class EchoScriptTest {

  @Test
  void echoKeepsTheRestOfTheLineAsItsText() {
    Statement s = only("ECHO   hello   world  # not a comment");

    assertEquals(Kind.ECHO, s.kind());
    assertEquals("hello   world  # not a comment", s.text());
  }

  @Test
  void echoWithoutTextPrintsAnEmptyLine() {
    assertEquals("", only("ECHO").text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.25", "2", "31536000"})
  void sleepTakesSecondsWithFractions(String seconds) {
    Statement s = only("SLEEP " + seconds);

    assertEquals(Kind.SLEEP, s.kind());
    assertEquals(Double.parseDouble(seconds), s.seconds());
  }

  @ParameterizedTest
  @ValueSource(strings = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
  void logAcceptsEveryLevel(String level) {
    Statement s = only("LOG " + level + " disk almost full");

    assertEquals(Kind.LOG, s.kind());
    assertEquals(level + " disk almost full", s.text());
  }

  @Test
  void logUpperCasesItsLevelButNotItsMessage() {
    assertEquals("WARNING Disk Almost Full", only("LOG warning Disk Almost Full").text());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5, 255})
  void returnTakesAnExitCodeFromZeroTo255(int code) {
    Statement s = only("RETURN " + code);

    assertEquals(Kind.RETURN, s.kind());
    assertEquals(code, s.code());
  }

  @Test
  void raiseCarriesItsMessage() {
    Statement s = only("RAISE disk on fire");

    assertEquals(Kind.RAISE, s.kind());
    assertEquals("disk on fire", s.text());
  }

  @Test
  void raiseWithoutAMessageNamesItsLine() {
    EchoScript script = EchoScript.parse(List.of("# first", "ECHO a", "RAISE"));

    assertEquals("RAISE at line 3", script.main().get(1).text());
  }

  @Test
  void useDeclaresSharedAndExclusiveResources() {
    EchoScript script = EchoScript.parse(List.of("USE SHARED db cache", "USE EXCLUSIVE gpu0", "ECHO go"));

    Statement shared = script.main().get(0);
    Statement exclusive = script.main().get(1);
    assertEquals(Kind.USE_SHARED, shared.kind());
    assertEquals(List.of("db", "cache"), shared.resources());
    assertEquals(Kind.USE_EXCLUSIVE, exclusive.kind());
    assertEquals(List.of("gpu0"), exclusive.resources());
  }

  @Test
  void keywordsLevelsAndModesAreCaseInsensitive() {
    EchoScript script = EchoScript.parse(List.of(
        "use shared db", "Use Exclusive lock", "echo a", "Sleep 0", "lOg Info m", "rEtUrN 3", "cleanup", "Echo z"));

    assertEquals(List.of(Kind.USE_SHARED, Kind.USE_EXCLUSIVE, Kind.ECHO, Kind.SLEEP, Kind.LOG, Kind.RETURN),
        script.main().stream().map(Statement::kind).toList());
    assertEquals("INFO m", script.main().get(4).text());
    assertEquals(List.of(Kind.ECHO), script.cleanup().stream().map(Statement::kind).toList());
  }

  @Test
  void skipsCommentsAndBlankLinesButKeepsLineNumbers() {
    EchoScript script = EchoScript.parse(List.of("# a comment", "", "   ", "  # indented comment", "\tECHO one", "#ECHO two"));

    assertEquals(1, script.main().size());
    assertEquals(5, script.main().get(0).line());
    assertEquals("one", script.main().get(0).text());
  }

  @Test
  void aScriptOfOnlyCommentsIsEmpty() {
    assertEquals(new EchoScript(List.of(), List.of()), EchoScript.parse(List.of("# nothing", "")));
    assertEquals(new EchoScript(List.of(), List.of()), EchoScript.parse(List.of()));
  }

  @Test
  void oneStringOfLinesParsesLikeTheListOfThoseLines() {
    EchoScript fromList = EchoScript.parse(List.of("ECHO a", "", "SLEEP 1", "CLEANUP", "ECHO c"));

    assertEquals(fromList, EchoScript.parse("ECHO a\n\nSLEEP 1\nCLEANUP\nECHO c\n"));
    assertEquals(fromList, EchoScript.parse("ECHO a\r\n\r\nSLEEP 1\r\nCLEANUP\r\nECHO c"));
  }

  @Test
  void cleanupSplitsTheScriptIntoMainPartAndCleanupSection() {
    EchoScript script = EchoScript.parse(List.of("ECHO main 1", "SLEEP 0", "CLEANUP", "ECHO clean 1", "SLEEP 0", "LOG INFO done"));

    assertEquals(List.of(Kind.ECHO, Kind.SLEEP), script.main().stream().map(Statement::kind).toList());
    assertEquals(List.of(Kind.ECHO, Kind.SLEEP, Kind.LOG), script.cleanup().stream().map(Statement::kind).toList());
    assertEquals(4, script.cleanup().get(0).line());
  }

  @Test
  void aScriptWithoutCleanupHasAnEmptyCleanupSection() {
    assertEquals(List.of(), EchoScript.parse(List.of("ECHO a")).cleanup());
  }

  @Test
  void aCleanupSectionMayBeEmptyOrTheWholeScript() {
    assertEquals(new EchoScript(List.of(), List.of()), EchoScript.parse(List.of("CLEANUP")));
    assertEquals(1, EchoScript.parse(List.of("CLEANUP", "ECHO only")).cleanup().size());
  }

  @Test
  void rejectsANonStringLineNamingItsIndex() {
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> EchoScript.parse(Arrays.asList("ECHO a", "ECHO b", 42, "ECHO d")));

    assertEquals("parameters[2]", e.field());
    assertEquals("parameters[2]: every line of an echo script must be a string", e.getMessage());
  }

  @Test
  void rejectsANullLineNamingItsIndex() {
    InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> EchoScript.parse(Arrays.asList((Object) null)));

    assertEquals("parameters[0]", e.field());
  }

  @Test
  void rejectsParametersThatAreNeitherAListNorAString() {
    for (Object parameters : List.of(42L, Map.of("lines", List.of()), true)) {
      InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> EchoScript.parse(parameters));

      assertEquals("parameters", e.field());
      assertTrue(e.getMessage().contains("a list of lines or one string of lines"), e.getMessage());
    }
  }

  @Test
  void theEchoMachineIsNamedEchoAndPreparesAValidScript() {
    EchoMachine machine = new EchoMachine();

    assertEquals("echo", machine.name());
    assertInstanceOf(EchoExecution.class, machine.prepare(List.of("ECHO hi")));
    assertThrows(InvalidTaskException.class, () -> machine.prepare(List.of("ECHO hi", "NOPE")));
  }

  private static Statement only(String line) {
    EchoScript script = EchoScript.parse(List.of(line));
    assertEquals(1, script.main().size(), "statements of " + line);
    return script.main().get(0);
  }
}
