package dev.taskrunner.core.layout;

import java.nio.file.Path;

/**
 * The one place that names what a node keeps under its work root: one directory per task, named
 * by its id, and the node's own folders, whose names start with a dot (no task id can).
 */
public record WorkRoot(Path path) {
  /** Where task directories are made whole before they are renamed into place. */
  public static final String INCOMING = ".incoming";
  /** Where warm runners wait for a task. */
  public static final String POOL = ".pool";
  /** The runner class archive. */
  public static final String CLASS_ARCHIVE = ".cds";
  /** Deleted tasks' directories, when archived. */
  public static final String ARCHIVE = ".archive";
  /** The journal of task events ({@code GET /v1/events}). */
  public static final String EVENTS = ".events";
  /** The index of finished tasks, which spares a restart reading their directories. */
  public static final String INDEX = ".index";

  public TaskFiles task(String id) {
    return new TaskFiles(path.resolve(id));
  }

  public Path incoming() {
    return path.resolve(INCOMING);
  }

  public Path pool() {
    return path.resolve(POOL);
  }

  public Path classArchive() {
    return path.resolve(CLASS_ARCHIVE);
  }

  public Path archive() {
    return path.resolve(ARCHIVE);
  }

  public Path events() {
    return path.resolve(EVENTS);
  }

  public Path index() {
    return path.resolve(INDEX);
  }

  /** Where the index is written whole before it is renamed over the old one. */
  public Path indexTemp() {
    return path.resolve(INDEX + ".tmp");
  }
}
