package dev.taskrunner.api.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.service.NodeUnavailableException;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFeedTest {
  @TempDir
  Path temp;

  static TaskView view(String id, TaskState state) {
    return new TaskView(id, state, "n", "echo", null, null, state == TaskState.QUEUED ? null : 42L, null,
        Instant.parse("2026-11-30T00:00:00Z"), null, null, null, null, null, null, 0, false, null);
  }

  private static void awaitLastId(EventFeed feed, long id) {
    await().atMost(Duration.ofSeconds(30)).until(() -> feed.lastId() == id);
  }

  private static List<Long> replayedIds(EventFeed feed, Subscription stream) {
    List<Long> ids = new ArrayList<>();
    long cursor = stream.replayAfter;
    while (cursor < stream.replayUpTo) {
      List<TaskEvent> page = feed.replay(stream, cursor);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(e -> ids.add(e.id()));
      cursor = page.get(page.size() - 1).id();
    }
    return ids;
  }

  @Test
  void eventsGetIncreasingIdsAndTypesFromTheViewsState() throws Exception {
    try (EventFeed feed = EventFeed.inMemory()) {
      Subscription stream = feed.subscribe(null);
      feed.accepted(view("a", TaskState.QUEUED));
      feed.changed(view("a", TaskState.RUNNING));
      feed.deleted("a");
      awaitLastId(feed, 3);
      String first = new String(stream.next(1000), StandardCharsets.UTF_8);
      assertTrue(first.startsWith("id: 1\nevent: accepted\ndata: {\"id\":1,\"type\":\"accepted\",\"taskId\":\"a\""), first);
      assertTrue(new String(stream.next(1000), StandardCharsets.UTF_8).startsWith("id: 2\nevent: running\n"));
      assertTrue(new String(stream.next(1000), StandardCharsets.UTF_8).contains("\"task\":null"));
    }
  }

  @Test
  void aStreamResumesAfterItsLastEventIdAndAnIdNeverGivenGetsAReset() {
    try (EventFeed feed = EventFeed.inMemory()) {
      for (int i = 0; i < 5; i++) {
        feed.changed(view("t" + i, TaskState.RUNNING));
      }
      awaitLastId(feed, 5);
      Subscription resumed = feed.subscribe("2");
      assertNull(resumed.resetReason);
      assertEquals(List.of(3L, 4L, 5L), replayedIds(feed, resumed));
      assertEquals("unknown", feed.subscribe("6").resetReason);
      assertEquals("unknown", feed.subscribe("not-a-number").resetReason);
    }
  }

  @Test
  void aSlowStreamIsDroppedAfterItsBacklogInsteadOfGrowingTheNodesMemory() throws Exception {
    try (EventFeed feed = EventFeed.inMemory(4)) {
      Subscription slow = feed.subscribe(null);
      for (int i = 0; i < 10; i++) {
        feed.changed(view("t" + i, TaskState.RUNNING));
      }
      awaitLastId(feed, 10);
      assertTrue(slow.dropped());
      for (int i = 1; i <= 4; i++) {
        assertTrue(new String(slow.next(1000), StandardCharsets.UTF_8).startsWith("id: " + i + "\n"));
      }
      assertArrayEquals(Subscription.DROPPED, slow.next(1000));
    }
  }

  @Test
  void streamsBeyondTheCapAreRefused() {
    try (EventFeed feed = EventFeed.inMemory()) {
      for (int i = 0; i < EventFeed.MAX_STREAMS; i++) {
        feed.subscribe(null);
      }
      assertThrows(NodeUnavailableException.class, () -> feed.subscribe(null));
    }
  }

  @Test
  void aJournaledFeedKeepsItsIdsAcrossARestartAndResumesFromDisk() {
    Path dir = temp.resolve(".events");
    try (EventFeed feed = EventFeed.journaled(dir)) {
      for (int i = 0; i < 3; i++) {
        feed.changed(view("t" + i, TaskState.RUNNING));
      }
      awaitLastId(feed, 3);
    }
    try (EventFeed feed = EventFeed.journaled(dir)) {
      Subscription resumed = feed.subscribe("1");
      assertEquals(List.of(2L, 3L), replayedIds(feed, resumed));
      feed.changed(view("t9", TaskState.EXITED));
      // past the block of ids the first node reserved: an id it gave but lost is never given again
      await().atMost(Duration.ofSeconds(30)).until(() -> feed.lastId() > EventJournal.ID_BLOCK);
      assertEquals(List.of(2L, 3L, feed.lastId()), replayedIds(feed, feed.subscribe("1")));
    }
  }

  @Test
  void anIdOlderThanTheJournalKeepsGetsAResetAndTheJournalStaysBounded() throws Exception {
    Path dir = temp.resolve(".events");
    try (EventFeed feed = EventFeed.journaled(dir, 10, 3, 100)) {
      for (int i = 0; i < 2000; i++) { // more than the 1,024 events kept in memory
        feed.changed(view("t" + i, TaskState.RUNNING));
      }
      awaitLastId(feed, 2000);
    }
    try (EventFeed feed = EventFeed.journaled(dir, 10, 3, 100)) {
      assertEquals(3, Files.list(dir).filter(p -> p.toString().endsWith(".jsonl")).count());
      assertEquals("too-old", feed.subscribe("1500").resetReason);
      Subscription recent = feed.subscribe("1985");
      assertEquals(LongStream.rangeClosed(1986, 2000).boxed().toList(), replayedIds(feed, recent));
    }
  }

  @Test
  void aLineTornByACrashIsCutAndIdsGoOnPastEveryIdGiven() throws Exception {
    Path dir = temp.resolve(".events");
    try (EventFeed feed = EventFeed.journaled(dir)) {
      feed.changed(view("a", TaskState.RUNNING));
      awaitLastId(feed, 1);
    }
    Path segment = Files.list(dir).filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
    Files.writeString(segment, "{\"id\":2,\"type\":\"runn", StandardOpenOption.APPEND);
    try (EventFeed feed = EventFeed.journaled(dir)) {
      feed.changed(view("b", TaskState.RUNNING));
      // ids 2..1001 were reserved by the first node: the next id is past them all
      await().atMost(Duration.ofSeconds(30)).until(() -> feed.lastId() > 1000);
      assertEquals(1, Files.readAllLines(segment).stream().filter(l -> l.contains("\"taskId\":\"a\"")).count());
      assertTrue(Files.readAllLines(segment).stream().noneMatch(l -> l.contains("runn\"") || l.endsWith("runn")));
    }
  }
}
