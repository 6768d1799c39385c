package dev.taskrunner.api.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted for one scenario (root only), and a file that fills it to the last byte. */
final class Tmpfs implements AutoCloseable {
  final Path mountPoint;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code mib} MiB at {@code mountPoint}; null, with the reason in {@code why[0]}, when it cannot. */
  static Tmpfs mount(Path mountPoint, int mib, String[] why) throws IOException, InterruptedException {
    if (!"0".equals(run(List.of("id", "-u")).trim())) {
      why[0] = "skipped: mounting a tmpfs needs root";
      return null;
    }
    Files.createDirectories(mountPoint);
    String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mib + "m,mode=0700", "tmpfs", mountPoint.toString()));
    if (!Files.getFileStore(mountPoint).type().equals("tmpfs")) {
      why[0] = "skipped: mount -t tmpfs failed: " + out.trim();
      return null;
    }
    return new Tmpfs(mountPoint);
  }

  /** Writes {@code file} until the file system refuses (ENOSPC); returns the bytes written. */
  static long fill(Path file) throws IOException {
    long written = 0;
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (true) {
        chunk.clear();
        written += channel.write(chunk);
      }
    } catch (IOException full) {
      return written;
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("umount", "-l", mountPoint.toString()));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
