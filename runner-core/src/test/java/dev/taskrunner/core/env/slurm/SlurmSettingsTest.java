package dev.taskrunner.core.env.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmSettingsTest {
  private static String refused(String option) {
    return assertThrows(IllegalArgumentException.class, () -> new SlurmSettings(null, null, List.of("--qos=low", option)),
        option).getMessage();
  }

  @Test
  void anOptionTheNodeSetsIsRefusedNamingTheSettingAndTheOption() {
    assertTrue(refused("--job-name=x").startsWith("slurmSbatchOptions: --job-name is set by the node"), refused("--job-name=x"));
    assertTrue(refused("--chdir=/tmp").startsWith("slurmSbatchOptions: --chdir is set by the node"));
    assertTrue(refused("--output=/tmp/o").startsWith("slurmSbatchOptions: --output is set by the node"));
    assertTrue(refused("--open-mode=truncate").startsWith("slurmSbatchOptions: --open-mode is set by the node"));
    assertTrue(refused("--parsable").startsWith("slurmSbatchOptions: --parsable is set by the node"));
  }

  @Test
  void optionsThatWouldStartARunnerTwiceOrBreakItsSubmissionAreRefused() {
    for (String option : List.of("--requeue", "--wrap=true", "--error=/tmp/e", "--input=/dev/zero", "--array=1-3",
        "--test-only", "--wait")) {
      String name = option.split("=")[0];
      assertTrue(refused(option).startsWith("slurmSbatchOptions: " + name + " "), refused(option));
    }
  }

  @Test
  void shortFormsAbbreviationsAndBundlesAreReadAsSbatchReadsThem() {
    assertTrue(refused("-Jfoo").startsWith("slurmSbatchOptions: --job-name ('-Jfoo') is set by the node"), refused("-Jfoo"));
    assertTrue(refused("-J").startsWith("slurmSbatchOptions: --job-name ('-J')"));
    assertTrue(refused("-D/tmp").startsWith("slurmSbatchOptions: --chdir ('-D/tmp')"));
    assertTrue(refused("-o/tmp/o").startsWith("slurmSbatchOptions: --output"));
    assertTrue(refused("-e/tmp/e").startsWith("slurmSbatchOptions: --error"));
    assertTrue(refused("-i/dev/zero").startsWith("slurmSbatchOptions: --input"));
    assertTrue(refused("-a1-3").startsWith("slurmSbatchOptions: --array"));
    assertTrue(refused("-HJfoo").startsWith("slurmSbatchOptions: --job-name ('-HJfoo')"), "-H takes no value: J follows");
    assertTrue(refused("-QW").startsWith("slurmSbatchOptions: --wait"));
    assertTrue(refused("--job=x").startsWith("slurmSbatchOptions: --job-name ('--job=x')"), "a unique prefix is the option");
    assertTrue(refused("--chd").startsWith("slurmSbatchOptions: --chdir ('--chd')"));
    assertTrue(refused("--requ").startsWith("slurmSbatchOptions: --requeue"));
  }

  @Test
  void otherOptionsAndValuesThatOnlyLookReservedAreKept() {
    List<String> options = List.of("--qos=low", "--mem=2G", "--hold", "-H", "--no-requeue", "--time=30", "-t30",
        "-pJ", "--comment=--job-name=x", "--exclusive", "--export=ALL", "-kJ", "--time-min=5", "--begin=now+1");
    assertEquals(options, new SlurmSettings(null, null, options).sbatchOptions());
  }

  @Test
  void aValueWithoutItsOptionIsRefused() {
    assertTrue(refused("low").contains("'low' is not an option"));
    assertTrue(refused("-").contains("'-' is not an option"));
    assertTrue(refused("--").contains("'--' is not an option"));
  }
}
