package dev.taskrunner.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaVersionsTest {
  @TempDir Path home;

  @Test
  void theRunningJdkIsKnownByItsJavaExecutable() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertEquals(Runtime.version().feature(), JavaVersions.feature(java));
  }

  @Test
  void theFeatureVersionComesFromTheReleaseFileThroughSymbolicLinks() throws Exception {
    Path bin = Files.createDirectories(home.resolve("jdk/bin"));
    Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\n");
    Files.writeString(home.resolve("jdk/release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"25.0.3\"\n");
    Path link = Files.createSymbolicLink(home.resolve("java"), java);

    assertEquals(25, JavaVersions.feature(link.toString()));
  }

  @Test
  void oldStyleVersionsAndUnknownJavasAreToldApart() throws Exception {
    Path bin = Files.createDirectories(home.resolve("old/bin"));
    Files.writeString(bin.resolve("java"), "#!/bin/sh\n");
    Files.writeString(home.resolve("old/release"), "JAVA_VERSION=\"1.8.0_392\"\n");
    assertEquals(8, JavaVersions.feature(bin.resolve("java").toString()));
    assertEquals(0, JavaVersions.feature(home.resolve("nowhere/bin/java").toString()));
    assertEquals(0, JavaVersions.feature("no-such-java-on-the-path"));
  }
}
