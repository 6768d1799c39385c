package dev.taskrunner.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {
  @Test
  void oneLinePerEventOnStdoutWithJettyAndJavalinAtWarn() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's own start-up gives it
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ConsoleLogging logging = new ConsoleLogging();
      logging.setContext(context);
      assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));
      context.start();
      context.getLogger("dev.taskrunner.api.Daemon").info("listening on {}", "http://127.0.0.1:8000");
      context.getLogger("dev.taskrunner.api.Daemon").debug("not shown");
      context.getLogger("org.eclipse.jetty.server.Server").info("not shown either");
      context.getLogger("io.javalin.Javalin").warn("shown");
    } finally {
      System.setOut(stdout);
      context.stop();
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length, String.join("\n", lines));
    assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  Daemon - listening on http://127\\.0\\.0\\.1:8000"), lines[0]);
    assertTrue(lines[1].endsWith(" WARN  Javalin - shown"), lines[1]);
  }

  @Test
  void anOperatorsConfigurationFileIsLeftToLogback() {
    String before = System.setProperty("logback.configurationFile", "config/logback.xml");
    try {
      assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new ConsoleLogging().configure(new LoggerContext()));
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }
}
