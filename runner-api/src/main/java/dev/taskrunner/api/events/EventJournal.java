package dev.taskrunner.api.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The event stream's memory across node restarts: events as JSON lines in segment files
 * {@code events-<first id>.jsonl} under {@code WORK_ROOT/.events}, at most {@link #SEGMENTS} of
 * {@link #SEGMENT_EVENTS} events each (the oldest segment goes when a new one starts), so the disk it
 * takes is bounded (about 20 MB with views of ~600 bytes).
 *
 * <p>Lines are written (not forced) before the event goes to any stream: a node killed at any point
 * keeps every event a client saw. A power cut may lose the tail, so ids are reserved ahead in
 * {@code ids} (forced every {@link #ID_BLOCK} ids): an id a client saw is never handed out again.
 *
 * <p>Not thread-safe: used by the feed's one writer thread, and by resuming streams only through
 * {@link #readAfter}, which reads files and tolerates a segment removed meanwhile.
 */
final class EventJournal implements AutoCloseable {
  static final int SEGMENT_EVENTS = 4096;
  static final int SEGMENTS = 8;
  static final long ID_BLOCK = 1000;
  private static final String PREFIX = "events-";
  private static final String SUFFIX = ".jsonl";
  private final Path dir;
  private final int segmentEvents;
  private final int keptSegments;
  /** The last id written to the journal. */
  private long lastId;
  /** The last id handed out, by this node or (reserved) by the one before it. */
  private long lastGiven;
  private long reservedUpTo;
  private volatile long firstId;
  private Instant previousRunEndedAt = Instant.EPOCH;
  private OutputStream current;
  private int currentEvents;

  private EventJournal(Path dir, int segmentEvents, int keptSegments) {
    this.dir = dir;
    this.segmentEvents = segmentEvents;
    this.keptSegments = keptSegments;
  }

  /**
   * Opens (making it if needed) the journal in {@code dir}, cuts a line torn by a crash, and gives
   * every retained event, oldest first, to {@code retained}.
   */
  static EventJournal open(Path dir, Consumer<TaskEvent.Parsed> retained) throws IOException {
    return open(dir, SEGMENT_EVENTS, SEGMENTS, retained);
  }

  /** The same with other bounds (tests use small ones). */
  static EventJournal open(Path dir, int segmentEvents, int keptSegments, Consumer<TaskEvent.Parsed> retained) throws IOException {
    EventJournal journal = new EventJournal(dir, segmentEvents, keptSegments);
    journal.load(retained);
    return journal;
  }

  private void load(Consumer<TaskEvent.Parsed> retained) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    List<Path> segments = segments();
    long reserved = 0;
    Path ids = dir.resolve("ids");
    if (Files.exists(ids)) {
      try {
        reserved = Long.parseLong(Files.readString(ids).trim());
      } catch (NumberFormatException e) {
        reserved = 0; // a torn reservation: the journal's own last id still bounds what was sent
      }
    }
    int inNewest = 0;
    for (Path segment : segments) {
      List<TaskEvent.Parsed> lines = read(segment, true);
      for (TaskEvent.Parsed line : lines) {
        lastId = Math.max(lastId, line.event().id());
        retained.accept(line);
      }
      inNewest = lines.size();
    }
    if (!segments.isEmpty()) {
      Path newest = segments.get(segments.size() - 1);
      previousRunEndedAt = Files.getLastModifiedTime(newest).toInstant();
      firstId = firstIdOf(segments.get(0));
      currentEvents = inNewest;
      current = Files.newOutputStream(newest, StandardOpenOption.APPEND);
    }
    // Past any id handed out before, even one written to a tail a power cut took.
    lastGiven = Math.max(lastId, reserved);
    reservedUpTo = lastGiven;
    if (segments.isEmpty()) {
      firstId = lastId + 1;
    }
  }

  /** The next event's id; reserves a block of ids on disk first when the last block is used up. */
  long nextId() throws IOException {
    long id = lastGiven + 1;
    if (id > reservedUpTo) {
      reservedUpTo = id + ID_BLOCK;
      Path temp = dir.resolve("ids.tmp");
      try (FileChannel channel = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        channel.write(ByteBuffer.wrap((reservedUpTo + "\n").getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      Files.move(temp, dir.resolve("ids"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    lastGiven = id;
    return id;
  }

  /** Appends events (ids from {@link #nextId}, in order), starting a new segment when one is full. */
  void append(List<TaskEvent> events) throws IOException {
    for (TaskEvent event : events) {
      if (current == null || currentEvents >= segmentEvents) {
        startSegment(event.id());
      }
      current.write((event.line() + "\n").getBytes(StandardCharsets.UTF_8));
      currentEvents++;
      lastId = event.id();
    }
    current.flush();
  }

  private void startSegment(long first) throws IOException {
    if (current != null) {
      current.close();
    }
    Path segment = dir.resolve(PREFIX + String.format("%020d", first) + SUFFIX);
    current = Files.newOutputStream(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-------"));
    currentEvents = 0;
    List<Path> segments = segments();
    for (int i = 0; i < segments.size() - keptSegments; i++) {
      Files.deleteIfExists(segments.get(i));
    }
    segments = segments();
    firstId = firstIdOf(segments.get(0));
  }

  /** The oldest id still retained; every id from it to the last is in the journal. */
  long firstId() {
    return firstId;
  }

  /** The last id in the journal (ids may skip: a restarted node goes on past every id reserved before). */
  long lastId() {
    return lastId;
  }

  /** When the node that wrote the journal before this one last wrote to it. */
  Instant previousRunEndedAt() {
    return previousRunEndedAt;
  }

  /** At most {@code limit} retained events with ids in ({@code after}, {@code upTo}], oldest first. */
  List<TaskEvent> readAfter(long after, long upTo, int limit) {
    List<TaskEvent> found = new ArrayList<>();
    try {
      List<Path> segments = segments();
      for (int i = 0; i < segments.size(); i++) {
        long nextFirst = i + 1 < segments.size() ? firstIdOf(segments.get(i + 1)) : Long.MAX_VALUE;
        if (nextFirst <= after + 1 || firstIdOf(segments.get(i)) > upTo) {
          continue;
        }
        for (TaskEvent.Parsed line : read(segments.get(i), false)) {
          TaskEvent event = line.event();
          if (event.id() > after && event.id() <= upTo) {
            found.add(event);
            if (found.size() == limit) {
              return found;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("events: cannot read the journal in " + dir, e);
    }
    return found;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
          .sorted().toList();
    }
  }

  private static long firstIdOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }

  /** A segment's whole events; with {@code repair}, a torn last line (a crash mid-write) is cut off. */
  private static List<TaskEvent.Parsed> read(Path segment, boolean repair) throws IOException {
    List<TaskEvent.Parsed> events = new ArrayList<>();
    long whole = 0;
    try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        TaskEvent.Parsed event = TaskEvent.read(line);
        if (event == null) {
          break;
        }
        events.add(event);
        whole += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    } catch (NoSuchFileException e) {
      return events; // pruned while a resuming stream read it
    }
    if (repair && whole < Files.size(segment)) {
      try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        channel.truncate(whole);
      }
    }
    return events;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
