package dev.taskrunner.core.service.admission;

/**
 * What a waiting task knows of one task it runs after.
 *
 * @param ended the dependency is final (exited or lost), or is no longer known (deleted)
 * @param succeeded it exited with outcome {@code succeeded}
 * @param detail how it stands, for a reason: {@code "running"}, {@code "failed"}, {@code "was deleted"}
 */
public record Dependency(boolean ended, boolean succeeded, String detail) {

  public static Dependency pending(String state) {
    return new Dependency(false, false, state);
  }

  public static Dependency ended(boolean succeeded, String detail) {
    return new Dependency(true, succeeded, detail);
  }
}
