package dev.taskrunner.api.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class FirstRequestsTest {
  @Test
  void itsSampleDefinitionsAreValidAndItsSampleViewRenders() {
    // A sample the rules come to refuse would make the warm-up stop at it, silently, in a node.
    assertDoesNotThrow(FirstRequests::warm);
  }
}
