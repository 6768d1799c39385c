package dev.taskrunner.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runner's JVM flags on the JDKs of this machine (the default one, and a Temurin 25 where there is one). */
class RunnerJvmOptionsIT {
  private static final String IGNORE_UNKNOWN = "-XX:+IgnoreUnrecognizedVMOptions";

  @Test
  void aJdkThatDropsAFlagStillStartsRunners() throws Exception {
    for (String java : javas()) {
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(RunnerJvmOptions.forJava(java));
      command.addAll(List.of("-XX:-NoSuchFlagAnyJdkHas", "-version")); // as a flag a later JDK removed
      Run run = run(command);
      assertEquals(0, run.exit(), java + ": " + run.output());
    }
  }

  /**
   * Every flag is one the JDK knows, so none is dropped silently (which the guard above would
   * allow): each JVM starts without the guard, and holds the values the flags set.
   */
  @Test
  void everyFlagIsKnownToTheJdksHere() throws Exception {
    for (String java : javas()) {
      List<String> command = new ArrayList<>(List.of(java));
      RunnerJvmOptions.forJava(java).stream().filter(o -> !o.equals(IGNORE_UNKNOWN)).forEach(command::add);
      command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
      Run run = run(command);
      assertEquals(0, run.exit(), java + ": " + run.output());
      for (String flag : List.of("StringTableSize", "SymbolTableSize")) {
        assertTrue(run.output().lines().anyMatch(l -> l.matches("\\s*\\S+\\s+" + flag + "\\s+=\\s+1024\\s.*")),
            java + ": " + flag + " not 1024");
      }
    }
  }

  /** This JVM's java, and Temurin 25's where the machine has it (CI machines do). */
  private static List<String> javas() throws Exception {
    List<String> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> dirs = Files.list(jvms)) {
        dirs.filter(d -> d.getFileName().toString().startsWith("temurin-25")).map(d -> d.resolve("bin/java"))
            .filter(Files::isExecutable).findFirst().ifPresent(j -> javas.add(j.toString()));
      }
    }
    return javas;
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }
}
