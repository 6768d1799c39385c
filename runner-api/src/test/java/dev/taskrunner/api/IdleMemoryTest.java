package dev.taskrunner.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  @Test
  void onG1TheNodeTurnsOnPeriodicCollectionUnlessTheOperatorSetIt() {
    Assumptions.assumeTrue(IdleMemory.usesG1(), "this test JVM does not run G1");
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String before = vm.getVMOption("G1PeriodicGCInterval").getValue();

    IdleMemory.afterStart();

    String expected = before.equals("0") ? Long.toString(IdleMemory.PERIODIC_GC.toMillis()) : before;
    assertEquals(expected, vm.getVMOption("G1PeriodicGCInterval").getValue());
  }
}
