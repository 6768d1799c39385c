package dev.taskrunner.cli;

import dev.taskrunner.core.task.TaskDefinitions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a task file (a standalone run's or {@code submit}'s) as carefully as the node reads a
 * request body: at most {@link TaskDefinitions#MAX_DEFINITION_BYTES}, the node's default body
 * limit, so a file the CLI accepts is one a default node accepts too; never more held in memory.
 * Only a regular file (or a link to one) is read: a directory is refused, and so is a FIFO, a
 * device or a socket, which could block the CLI forever (a FIFO with no writer) or never end
 * ({@code /dev/zero}). Every refusal is a {@link CliException} with exit code 2 and one line that
 * names the file.
 */
final class TaskFiles {
  static final int LIMIT = TaskDefinitions.MAX_DEFINITION_BYTES;

  private TaskFiles() {}

  /**
   * @throws NoSuchFileException the file does not exist (callers word that one themselves)
   * @throws CliException any other reason it is not read
   */
  static byte[] read(Path file) throws NoSuchFileException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class); // through a link, to what it names
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw refused(file, e.getMessage());
    }
    if (attributes.isDirectory()) {
      throw refused(file, "is a directory, not a task file");
    }
    if (!attributes.isRegularFile()) {
      // Checked before opening: opening a FIFO for reading waits for a writer, maybe forever.
      throw refused(file, "not a regular file (a FIFO, device or socket); give the task definition in a file");
    }
    if (attributes.size() > LIMIT) {
      throw tooLarge(file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(LIMIT + 1); // it may have grown since: still never more than this
      if (content.length > LIMIT) {
        throw tooLarge(file);
      }
      return content;
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw refused(file, e.getMessage());
    }
  }

  private static CliException refused(Path file, String why) {
    return new CliException("cannot read " + file + ": " + why, CliException.USAGE);
  }

  private static CliException tooLarge(Path file) {
    return new CliException("cannot read " + file + ": larger than " + LIMIT
        + " bytes, the limit for a task definition (a node's default maxBodyBytes)", CliException.USAGE);
  }
}
