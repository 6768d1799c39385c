package dev.taskrunner.core.service.admission;

/** What becomes of one queued task in one admission pass, and why. */
public record Decision(String taskId, Kind kind, String reason) {

  public enum Kind {
    /** It may start now: every resource is free for it and every dependency is satisfied. */
    START,
    /** It stays queued; {@code reason} says for what (the view's {@code waitingFor}). */
    WAIT,
    /** It will never run: a dependency did not succeed; {@code reason} says which. */
    CANCEL
  }
}
