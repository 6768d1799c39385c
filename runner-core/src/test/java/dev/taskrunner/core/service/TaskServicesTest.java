package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TaskServicesTest {
  @Test
  void relativeClasspathEntriesBecomeAbsoluteSoRunnersFindThemFromTheirTaskDirectory() {
    String here = Path.of("").toAbsolutePath().toString();

    String classpath = TaskServices.absoluteClasspath("target/x.jar" + File.pathSeparator + "/opt/y.jar" + File.pathSeparator);

    assertEquals(here + "/target/x.jar" + File.pathSeparator + "/opt/y.jar", classpath);
  }
}
