package dev.taskrunner.core.task;

import static dev.taskrunner.core.task.TaskDefinitionJson.anEchoTask;
import static dev.taskrunner.core.task.TaskDefinitionsTest.assertRefusal;
import static dev.taskrunner.core.task.TaskDefinitionsTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code id}, {@code name} and {@code timeoutSeconds}. */
class TaskDefinitionsOptionalFieldsTest {
  private static final String SIXTY_FOUR = "a".repeat(64);

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "7", "_", "-", "nightly-export-2026-11-24", "Mixed_Case-09"})
  void acceptsAnIdOfTheAllowedAlphabet(String id) {
    assertEquals(id, anEchoTask("ECHO hi").withId(id).parsed().id());
  }

  @Test
  void acceptsAnIdOfSixtyFourCharacters() {
    assertEquals(SIXTY_FOUR, anEchoTask("ECHO hi").withId(SIXTY_FOUR).parsed().id());
  }

  @Test
  void rejectsAnIdOfSixtyFiveCharacters() {
    assertRefusal(refused(anEchoTask("ECHO hi").withId(SIXTY_FOUR + "b")), "id", "must match [A-Za-z0-9_-]{1,64}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "../etc", "a.b", ".", "a b", " a", "a\n", "é", "a:b", "a\\b", "a*"})
  void rejectsAnIdOutsideTheAllowedAlphabet(String id) {
    assertRefusal(refused(anEchoTask("ECHO hi").withId(id)), "id", "must match [A-Za-z0-9_-]{1,64}");
  }

  @Test
  void rejectsAnIdThatIsNotAString() {
    assertRefusal(refused(anEchoTask("ECHO hi").with("id", 42)), "id", "must be a string");
  }

  @Test
  void treatsANullIdAsAbsent() {
    assertNull(anEchoTask("ECHO hi").withId(null).parsed().id());
  }

  @Test
  void acceptsANameOfTwoHundredCharacters() {
    String name = "n".repeat(200);

    assertEquals(name, anEchoTask("ECHO hi").withName(name).parsed().name());
  }

  @Test
  void rejectsANameLongerThanTwoHundredCharacters() {
    assertRefusal(refused(anEchoTask("ECHO hi").withName("n".repeat(201))), "name", "must be at most 200 characters");
  }

  @Test
  void rejectsANameThatIsNotAString() {
    assertRefusal(refused(anEchoTask("ECHO hi").with("name", 7)), "name", "must be a string");
    assertRefusal(refused(anEchoTask("ECHO hi").with("name", false)), "name", "must be a string");
  }

  @Test
  void acceptsTimeoutsFromOneSecondToTenYears() {
    assertEquals(1L, anEchoTask("ECHO hi").withTimeoutSeconds(1).parsed().timeoutSeconds());
    assertEquals(315_360_000L, anEchoTask("ECHO hi").withTimeoutSeconds(315_360_000L).parsed().timeoutSeconds());
  }

  @Test
  void treatsANullTimeoutAsAbsent() {
    assertNull(anEchoTask("ECHO hi").withTimeoutSeconds(null).parsed().timeoutSeconds());
  }

  @Test
  void rejectsANegativeTimeout() {
    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds(-5)), "timeoutSeconds", "must be between 1 and 315360000");
  }

  @Test
  void rejectsAZeroTimeout() {
    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds(0)), "timeoutSeconds", "must be between 1 and 315360000");
  }

  @Test
  void rejectsATimeoutOverTenYears() {
    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds(315_360_001L)), "timeoutSeconds", "must be between 1 and");
  }

  @Test
  void rejectsATimeoutTooLargeForALong() {
    BigInteger huge = new BigInteger("99999999999999999999999");

    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds(huge)), "timeoutSeconds", "must be between 1 and");
  }

  @Test
  void rejectsAFractionalTimeout() {
    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds(1.5)), "timeoutSeconds", "must be a whole number of seconds");
  }

  @Test
  void rejectsATimeoutWrittenWithAnExponentOrADecimalPoint() {
    // 60.0 and 6e1 are whole, but JSON gives them as floating point: a client that sends them is confused.
    assertRefusal(refused("{\"machine\":\"echo\",\"parameters\":[],\"timeoutSeconds\":60.0}"), "timeoutSeconds", "whole number");
    assertRefusal(refused("{\"machine\":\"echo\",\"parameters\":[],\"timeoutSeconds\":6e1}"), "timeoutSeconds", "whole number");
  }

  @Test
  void rejectsATimeoutGivenAsAString() {
    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds("60")), "timeoutSeconds", "must be a whole number of seconds");
  }

  @Test
  void rejectsATimeoutGivenAsABoolean() {
    assertRefusal(refused(anEchoTask("ECHO hi").withTimeoutSeconds(true)), "timeoutSeconds", "must be a whole number of seconds");
  }
}
