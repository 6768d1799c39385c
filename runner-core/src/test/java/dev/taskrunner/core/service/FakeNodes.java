package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The nodes (task services) a unit test starts, each closed when the test ends, also one the test
 * closed itself (a close is idempotent). Register it with {@code @RegisterExtension}.
 */
final class FakeNodes implements AfterEachCallback {
  private final List<LocalTaskService> started = new ArrayList<>();

  /** A service with {@code config} on {@code environment}, started as a (re)started node starts. */
  LocalTaskService start(NodeConfig config, Environment environment) {
    LocalTaskService service = new LocalTaskService(config, environment, Clock.systemUTC());
    started.add(service);
    service.start();
    return service;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(LocalTaskService::close);
  }
}
