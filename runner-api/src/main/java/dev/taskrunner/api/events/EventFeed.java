package dev.taskrunner.api.events;

import dev.taskrunner.api.http.TaskViews;
import dev.taskrunner.core.service.NodeUnavailableException;
import dev.taskrunner.core.service.TaskEvents;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's stream of task changes, fed by the task service as its {@link TaskEvents} and read by
 * {@code GET /v1/events}. The service's threads only hand a view over (a queue offer); one writer
 * thread turns views into numbered events, appends them to the {@link EventJournal} and only then
 * passes them to open streams, so an id a client saw is on disk and resumable after a restart.
 *
 * <p>A stream resumes after its {@code Last-Event-ID} from the last {@link #RECENT} events in memory
 * or from the journal. An id the feed cannot resume from — older than the journal keeps, newer than
 * any it gave, not a number — gets a {@code reset} event instead: reload the task list, then apply
 * what follows. At most {@link #MAX_STREAMS} streams are open at once; a stream more than
 * {@code backlog} events behind is dropped (it ends with a {@code dropped} event and resumes on
 * reconnection).
 *
 * <p>After a restart the service tells nothing about what changed while no node watched (it reports
 * no changes for recovered tasks), so {@link #reconcile} compares each task with the last event the
 * journal has of it and sends what differs: a client resuming across the restart misses nothing.
 */
public final class EventFeed implements TaskEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  public static final int MAX_STREAMS = 64;
  static final int RECENT = 1024;
  static final int BACKLOG = 2048;
  /** Events replayed to a resuming stream per read of the journal. */
  static final int REPLAY_PAGE = 256;
  private final Clock clock;
  private final int backlog;
  private final LinkedBlockingQueue<Pending> inbox = new LinkedBlockingQueue<>();
  private final Thread writer;
  /** Null for a feed kept in memory only. Used by the writer; read by resuming streams. */
  private volatile EventJournal journal;
  private final Path journalDir;
  private final int segmentEvents;
  private final int keptSegments;
  /** The last event of each task the journal has and that was not deleted since, as its fingerprint. Writer only. */
  private final Map<String, String> lastKnown = new HashMap<>();
  /** Guarded by {@code this}: the recent events, the open streams and the last id given. */
  private final ArrayDeque<TaskEvent> recent = new ArrayDeque<>();
  private final Set<Subscription> streams = new LinkedHashSet<>();
  private long lastId;
  private volatile boolean closed;
  /** Open once the journal has been read: until then no id can be judged. */
  private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);

  /** The journal is read once this completes (or the feed closes). */
  private final CompletionStage<?> openAfter;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();

  private EventFeed(Path journalDir, int segmentEvents, int keptSegments, Clock clock, int backlog,
      CompletionStage<?> openAfter) {
    this.openAfter = openAfter;
    this.journalDir = journalDir;
    this.segmentEvents = segmentEvents;
    this.keptSegments = keptSegments;
    this.clock = clock;
    this.backlog = backlog;
    this.writer = new Thread(this::write, "event-feed");
    this.writer.setDaemon(true);
  }

  /** A feed journaled in {@code dir} (made if missing, 0700), e.g. {@code WORK_ROOT/.events}. */
  public static EventFeed journaled(Path dir) {
    return journaled(dir, CompletableFuture.completedFuture(null));
  }

  /**
   * The same, reading the journal only once {@code openAfter} completes: a node opens its port
   * first, and reading the journal (tens of thousands of lines) does not hold up its start. Until
   * then streams wait for it, and task changes wait, in order, to be numbered.
   */
  public static EventFeed journaled(Path dir, CompletionStage<?> openAfter) {
    return journaled(dir, EventJournal.SEGMENT_EVENTS, EventJournal.SEGMENTS, BACKLOG, openAfter);
  }

  /** The same with other bounds (tests use small ones). */
  static EventFeed journaled(Path dir, int segmentEvents, int keptSegments, int backlog) {
    return journaled(dir, segmentEvents, keptSegments, backlog, CompletableFuture.completedFuture(null));
  }

  private static EventFeed journaled(Path dir, int segmentEvents, int keptSegments, int backlog, CompletionStage<?> openAfter) {
    EventFeed feed = new EventFeed(dir, segmentEvents, keptSegments, Clock.systemUTC(), backlog, openAfter);
    feed.writer.start(); // opens the journal first, so a node's start need not wait for it
    return feed;
  }

  /** A feed that forgets everything when the node stops (ids start at 1 again). */
  public static EventFeed inMemory() {
    return inMemory(BACKLOG);
  }

  static EventFeed inMemory(int backlog) {
    EventFeed feed = new EventFeed(null, 0, 0, Clock.systemUTC(), backlog, CompletableFuture.completedFuture(null));
    feed.writer.start();
    return feed;
  }

  @Override
  public void accepted(TaskView task) {
    inbox.add(new Pending(task, null, null));
  }

  @Override
  public void changed(TaskView task) {
    inbox.add(new Pending(task, null, null));
  }

  @Override
  public void deleted(String taskId) {
    inbox.add(new Pending(null, taskId, null));
  }

  /** Sends what changed while no node watched; call once the service has recovered its tasks. */
  public void reconcile(TaskService service) {
    inbox.add(new Pending(null, null, service));
  }

  /** What the service handed over; exactly one of the three is set. */
  private record Pending(TaskView view, String deletedId, TaskService reconcile) {}

  /** Told to the writer last: what came before it is written, then the writer ends. */
  private static final Pending CLOSE = new Pending(null, null, null);

  /**
   * Opens a stream resuming after {@code lastEventId} (null: only what happens from now on).
   *
   * @throws NodeUnavailableException {@link #MAX_STREAMS} streams are open already (503)
   */
  public Subscription subscribe(String lastEventId) {
    try {
      if (!ready.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new NodeUnavailableException("events: the journal is still being read; try again", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeUnavailableException("events: interrupted", e);
    }
    return register(lastEventId);
  }

  private synchronized Subscription register(String lastEventId) {
    if (streams.size() >= MAX_STREAMS) {
      throw new NodeUnavailableException("events: " + MAX_STREAMS + " streams are open, the most this node serves;"
          + " try again later", null);
    }
    Subscription stream = new Subscription(backlog, lastId, lastId, resetReason(lastEventId));
    if (lastEventId != null && stream.resetReason == null) {
      stream = new Subscription(backlog, Long.parseLong(lastEventId.trim()), lastId, null);
    }
    streams.add(stream);
    return stream;
  }

  private String resetReason(String lastEventId) {
    if (lastEventId == null) {
      return null;
    }
    long id;
    try {
      id = Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException e) {
      return "unknown";
    }
    if (id > lastId || id < 0) {
      return "unknown"; // not an id this node gave (another node, or a journal removed since)
    }
    return id + 1 < firstId() ? "too-old" : null;
  }

  /** The oldest id still resumable from; guarded by {@code this}. */
  private long firstId() {
    EventJournal j = journal;
    long inMemory = recent.isEmpty() ? lastId + 1 : recent.peekFirst().id();
    return j == null ? inMemory : Math.min(j.firstId(), inMemory);
  }

  public synchronized void unsubscribe(Subscription stream) {
    streams.remove(stream);
  }

  /** The frames a resuming stream missed after {@code after}, up to its {@code replayUpTo}; a page at a time. */
  List<TaskEvent> replay(Subscription stream, long after) {
    synchronized (this) {
      if (!recent.isEmpty() && recent.peekFirst().id() <= after + 1) {
        List<TaskEvent> page = new ArrayList<>();
        for (TaskEvent e : recent) {
          if (e.id() > after && e.id() <= stream.replayUpTo && page.size() < REPLAY_PAGE) {
            page.add(e);
          }
        }
        return page;
      }
    }
    EventJournal j = journal;
    return j == null ? List.of() : j.readAfter(after, stream.replayUpTo, REPLAY_PAGE);
  }

  synchronized long lastId() {
    return lastId;
  }

  private void write() {
    CompletableFuture.anyOf(openAfter.toCompletableFuture(), closing).handle((x, e) -> null).join();
    openJournal();
    ready.countDown();
    List<Pending> batch = new ArrayList<>();
    boolean last = false;
    while (!last) {
      try {
        batch.clear();
        batch.add(inbox.take());
        inbox.drainTo(batch, 511);
        List<TaskEvent> events = new ArrayList<>();
        for (Pending p : batch) {
          if (p == CLOSE) {
            last = true;
          } else if (p.reconcile() != null) {
            reconcile(p.reconcile(), events);
          } else if (p.view() != null) {
            add(events, Fingerprints.type(p.view()), p.view().taskId(), TaskViews.toJson(p.view()));
          } else {
            add(events, Fingerprints.DELETED, p.deletedId(), null);
          }
        }
        publish(events);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        LOG.error("events: cannot pass on task changes; will keep running", t);
      }
    }
  }

  private void openJournal() {
    if (journalDir == null) {
      return;
    }
    try {
      List<TaskEvent> retained = new ArrayList<>();
      EventJournal opened = EventJournal.open(journalDir, segmentEvents, keptSegments, line -> {
        remember(line.event().taskId(), Fingerprints.ofLine(line));
        retained.add(line.event());
      });
      synchronized (this) {
        lastId = opened.lastId();
        for (int i = Math.max(0, retained.size() - RECENT); i < retained.size(); i++) {
          recent.add(retained.get(i));
        }
        journal = opened;
      }
      LOG.info("events: journal in {} holds ids {} to {}", journalDir, opened.firstId(), opened.lastId());
    } catch (IOException | RuntimeException e) {
      LOG.error("events: cannot open the journal in {}; events are kept in memory only", journalDir, e);
    }
  }

  private void add(List<TaskEvent> events, String type, String taskId, Map<String, Object> task) throws IOException {
    EventJournal j = journal;
    long id = j != null ? j.nextId() : nextMemoryId(events);
    TaskEvent event = TaskEvent.of(id, type, taskId, Instant.now(clock).toString(), task);
    remember(taskId, Fingerprints.of(type, task));
    events.add(event);
  }

  /** A deleted task is forgotten here too, so the map holds no more than the node's tasks. */
  private void remember(String taskId, String fingerprint) {
    if (fingerprint.equals(Fingerprints.DELETED)) {
      lastKnown.remove(taskId);
    } else {
      lastKnown.put(taskId, fingerprint);
    }
  }

  private long nextMemoryId(List<TaskEvent> pendingBatch) {
    synchronized (this) {
      return lastId + pendingBatch.size() + 1;
    }
  }

  /** Journal first (a client never sees an event a restart could lose), then every open stream. */
  private void publish(List<TaskEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    EventJournal j = journal;
    if (j != null) {
      try {
        j.append(events);
      } catch (IOException e) {
        LOG.warn("events: cannot write to the journal; these events will not be resumable after a restart", e);
      }
    }
    synchronized (this) {
      for (TaskEvent event : events) {
        recent.addLast(event);
        if (recent.size() > RECENT) {
          recent.removeFirst();
        }
        lastId = event.id();
        byte[] frame = event.frame();
        for (Subscription stream : streams) {
          stream.offer(frame);
        }
      }
    }
  }

  private void reconcile(TaskService service, List<TaskEvent> events) throws IOException {
    EventJournal j = journal;
    Instant before = j == null ? Instant.EPOCH : j.previousRunEndedAt();
    Set<String> present = new java.util.HashSet<>();
    for (TaskView view : service.list(null, 0, Integer.MAX_VALUE)) {
      present.add(view.taskId());
      Map<String, Object> json = TaskViews.toJson(view);
      String type = Fingerprints.type(view);
      String known = lastKnown.get(view.taskId());
      boolean send = known == null
          ? !view.state().isFinal() || view.finishedAt() == null || view.finishedAt().isAfter(before)
          : !known.equals(Fingerprints.of(type, json));
      if (send) {
        add(events, type, view.taskId(), json);
      }
    }
    for (String known : new ArrayList<>(lastKnown.keySet())) {
      if (!present.contains(known)) {
        add(events, Fingerprints.DELETED, known, null); // forgotten while no node watched
      }
    }
    LOG.info("events: {} changes made while no node watched", events.size());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.complete(null);
    inbox.add(CLOSE);
    try {
      writer.join(5000);
      synchronized (this) {
        streams.forEach(Subscription::drop);
      }
      EventJournal j = journal;
      if (j != null) {
        j.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("events: closing the journal failed", e);
    }
  }
}
