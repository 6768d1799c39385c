package dev.taskrunner.api.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the node give memory back to the system when it is idle, as a daemon should. On JDK 17 the
 * G1 collector (the default) shrinks the heap only at a full GC or a concurrent cycle, so the
 * garbage of a start (classes loaded, every task directory read) or of a burst of requests would
 * stay resident: an idle node held ~86 MB after start, 780 MB after a minute of 30,000 GETs/s.
 * Once started, the node collects once (~70 MB resident); with G1 it also turns on G1's periodic
 * collection ({@code G1PeriodicGCInterval}, JEP 346) unless the operator set it (even to 0, off),
 * so an idle node shrinks again after a busy spell.
 */
public final class IdleMemory {
  private static final Logger LOG = LoggerFactory.getLogger(IdleMemory.class);
  static final Duration PERIODIC_GC = Duration.ofSeconds(30);

  private IdleMemory() {}

  public static void afterStart() {
    if (usesG1()) {
      try {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm.getVMOption("G1PeriodicGCInterval").getOrigin() == VMOption.Origin.DEFAULT) {
          vm.setVMOption("G1PeriodicGCInterval", Long.toString(PERIODIC_GC.toMillis()));
        }
      } catch (RuntimeException e) {
        // a JVM without the flag: the heap shrinks less often
        LOG.debug("cannot turn on G1's periodic collection", e);
      }
    }
    System.gc();
  }

  static boolean usesG1() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1 "));
  }
}
