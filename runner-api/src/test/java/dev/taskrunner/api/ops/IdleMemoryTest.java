package dev.taskrunner.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  @Test
  void onG1TheNodeTurnsOnPeriodicCollectionUnlessTheOperatorSetIt() {
    Assumptions.assumeTrue(IdleMemory.usesG1(), "this test JVM does not run G1");
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    VMOption before = vm.getVMOption("G1PeriodicGCInterval");

    IdleMemory.afterStart();

    String expected = before.getOrigin() == VMOption.Origin.DEFAULT ? Long.toString(IdleMemory.PERIODIC_GC.toMillis()) : before.getValue();
    assertEquals(expected, vm.getVMOption("G1PeriodicGCInterval").getValue());
  }
}
