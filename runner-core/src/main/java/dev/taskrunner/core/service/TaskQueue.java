package dev.taskrunner.core.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The queued tasks in acceptance order, counting those that wait for more than a slot (resources
 * or dependencies): while there are none, admission is plain first in first out and looks only at
 * the head, so a queue of ten thousand plain tasks costs a submission nothing. Used by the
 * scheduler's thread only.
 */
final class TaskQueue implements Iterable<TaskRecord> {
  private final ArrayDeque<TaskRecord> records = new ArrayDeque<>();
  private int withWaits;

  void add(TaskRecord r) {
    records.add(r);
    withWaits += r.claim.isPlain() ? 0 : 1;
  }

  /** Ahead of every queued task: one accepted before them, whose launch no runner took. */
  void addFirst(TaskRecord r) {
    records.addFirst(r);
    withWaits += r.claim.isPlain() ? 0 : 1;
  }

  void remove(TaskRecord r) {
    if (records.remove(r)) {
      withWaits -= r.claim.isPlain() ? 0 : 1;
    }
  }

  void removeIf(Predicate<TaskRecord> test) {
    for (Iterator<TaskRecord> it = records.iterator(); it.hasNext(); ) {
      TaskRecord r = it.next();
      if (test.test(r)) {
        it.remove();
        withWaits -= r.claim.isPlain() ? 0 : 1;
      }
    }
  }

  /** Some queued task waits for a resource or a dependency. */
  boolean anyWaits() {
    return withWaits > 0;
  }

  /**
   * The first {@code n} tasks still to start, for a queue without waits; drops tasks at the head
   * that are no longer queued (stopped meanwhile) on the way.
   */
  List<TaskRecord> head(int n, Predicate<TaskRecord> stale) {
    List<TaskRecord> head = new ArrayList<>();
    for (Iterator<TaskRecord> it = records.iterator(); it.hasNext() && head.size() < n; ) {
      TaskRecord r = it.next();
      if (stale.test(r)) {
        it.remove();
        withWaits -= r.claim.isPlain() ? 0 : 1;
      } else {
        head.add(r);
      }
    }
    return head;
  }

  int size() {
    return records.size();
  }

  @Override
  public Iterator<TaskRecord> iterator() {
    return records.iterator();
  }

  java.util.stream.Stream<TaskRecord> stream() {
    return records.stream();
  }
}
