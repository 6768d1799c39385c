package dev.taskrunner.core.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.taskrunner.core.layout.TaskFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerLockTest {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  @TempDir Path directory;

  @Test
  void acquiresTheLockOfAFreeDirectoryCreatingTheLockFile() throws IOException {
    try (RunnerLock lock = RunnerLock.tryAcquire(directory)) {
      assertNotNull(lock);
      assertTrue(Files.exists(directory.resolve(TaskFiles.LOCK)));
    }
  }

  @Test
  void aSecondAcquireInTheSameJvmGetsNothingWhileTheFirstIsHeld() throws IOException {
    try (RunnerLock first = RunnerLock.tryAcquire(directory)) {
      assertNotNull(first);

      assertNull(RunnerLock.tryAcquire(directory));
      assertNull(RunnerLock.tryAcquire(directory), "still refused on a second try");
    }
  }

  @Test
  void canBeAcquiredAgainAfterItIsClosed() throws IOException {
    RunnerLock first = RunnerLock.tryAcquire(directory);
    first.close();

    try (RunnerLock again = RunnerLock.tryAcquire(directory)) {
      assertNotNull(again);
    }
  }

  @Test
  void aDirectoryWithoutALockFileIsNotHeldAndGetsNoLockFile() throws IOException {
    assertFalse(RunnerLock.isHeld(directory));
    assertFalse(Files.exists(directory.resolve(TaskFiles.LOCK)));
  }

  @Test
  void isHeldWhileALockIsHeld() throws IOException {
    try (RunnerLock lock = RunnerLock.tryAcquire(directory)) {
      assertTrue(RunnerLock.isHeld(directory));
    }
  }

  @Test
  void isNotHeldOnceTheHolderReleasedIt() throws IOException {
    RunnerLock.tryAcquire(directory).close();

    assertFalse(RunnerLock.isHeld(directory));
    assertNotNull(RunnerLock.tryAcquire(directory), "isHeld must not keep the lock it probed with");
  }

  @Test
  void theKernelSeesTheLockWhileItIsHeldAndNotAfter() throws IOException {
    assumeTrue(Files.isReadable(PROC_LOCKS), "needs Linux /proc/locks");
    Path file = directory.resolve(TaskFiles.LOCK);

    try (RunnerLock lock = RunnerLock.tryAcquire(directory)) {
      assertTrue(kernelHoldsForThisProcess(file));
    }
    assertFalse(kernelHoldsForThisProcess(file));
  }

  @Test
  void probingALockThisJvmHoldsDoesNotReleaseItForOtherProcesses() throws IOException {
    assumeTrue(Files.isReadable(PROC_LOCKS), "needs Linux /proc/locks");
    Path file = directory.resolve(TaskFiles.LOCK);

    try (RunnerLock lock = RunnerLock.tryAcquire(directory)) {
      // WHEN the same JVM probes the directory, as a node thread or a second runner in-process would
      assertTrue(RunnerLock.isHeld(directory));

      // THEN the kernel still holds the lock for this process, so no other process can take it
      assertTrue(kernelHoldsForThisProcess(file), "the lock was released at the OS level by the probe");
    }
  }

  /** True when /proc/locks lists a POSIX lock of this process on {@code file}. */
  private static boolean kernelHoldsForThisProcess(Path file) throws IOException {
    String inode = ":" + Files.getAttribute(file, "unix:ino") + " ";
    String pid = " " + ProcessHandle.current().pid() + " ";
    return Files.readAllLines(PROC_LOCKS).stream()
        .anyMatch(line -> line.contains("POSIX") && line.contains(pid) && line.contains(inode));
  }
}
