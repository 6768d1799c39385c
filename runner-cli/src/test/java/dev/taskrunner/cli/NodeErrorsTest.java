package dev.taskrunner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** How {@link NodeRefusedException} and {@link NodeUnreachableException} put failures into words. */
class NodeErrorsTest {
  @Test
  void aRefusalIsTheDetailAndTheStatus() {
    NodeRefusedException e = NodeRefusedException.of(404, "{\"detail\":\"task nope: no such task\"}".getBytes(UTF_8));

    assertEquals("task nope: no such task (404)", e.getMessage());
    assertEquals(404, e.status());
    assertEquals(1, e.exitCode());
  }

  @Test
  void aRefusalWithoutJsonIsSummedUpByItsFirstLine() {
    assertEquals("the node refused the request: Bad Gateway (502)",
        NodeRefusedException.of(502, "Bad Gateway\n<html>...".getBytes(UTF_8)).getMessage());
    assertEquals("the node refused the request (500)", NodeRefusedException.of(500, new byte[0]).getMessage());
  }

  @Test
  void connectionFailuresAreSaidInWords() {
    // the JDK's HTTP client wraps the telling exception in a bare one
    ConnectException refused = new ConnectException();
    refused.initCause(new ConnectException("Connection refused"));

    assertEquals("connection refused", NodeUnreachableException.reason(refused));
    assertEquals("connection refused", NodeUnreachableException.reason(new ConnectException()));
    assertEquals("connection timed out", NodeUnreachableException.reason(new HttpConnectTimeoutException("x")));
    assertEquals("the connection was closed", NodeUnreachableException.reason(new IOException(new EOFException("EOF"))));
    assertEquals("the connection failed: reset", NodeUnreachableException.reason(new IOException("reset")));
  }

  @Test
  void theUnreachableMessageNamesTheNode() {
    assertEquals("cannot reach the node at http://127.0.0.1:8000: connection refused",
        NodeUnreachableException.of("http://127.0.0.1:8000", new ConnectException()).getMessage());
  }
}
