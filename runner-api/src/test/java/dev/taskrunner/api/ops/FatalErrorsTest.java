package dev.taskrunner.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
  private final List<Integer> exits = new ArrayList<>();
  private final FatalErrors fatal = new FatalErrors(exits::add);

  @Test
  void anOutOfMemoryErrorDeepInTheCausesEndsTheNode() {
    fatal.check(new CompletionException(new IllegalStateException(new OutOfMemoryError("heap"))), "here");
    assertEquals(List.of(FatalErrors.EXIT_CODE), exits);
  }

  @Test
  void aCycleOfCausesEndsTheWalkAndIsNotFatal() {
    IllegalStateException a = new IllegalStateException("a");
    CompletionException b = new CompletionException(a);
    a.initCause(b); // a -> b -> a: initCause refuses only a throwable as its own cause
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fatal.check(a, "here"));
    assertEquals(List.of(), exits);
  }
}
