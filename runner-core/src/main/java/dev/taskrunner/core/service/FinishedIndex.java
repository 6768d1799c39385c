package dev.taskrunner.core.service;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.task.TaskDefinitions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of finished tasks ({@code WORK_ROOT/.index}): for each task the node holds final
 * (exited, or lost with its {@code lost.json}), what recovery would read from its directory, with
 * the {@link FileStamp}s the files had when it was read ({@link IndexEntry}). A restart takes a task from here
 * only if every stamp is still the same — a directory replaced under the same id, a file rewritten
 * since, is read the slow way — and only when the verdict from what it holds is final with nothing
 * to record ({@link Lifecycle#settled}): a finished task never changes again but by the node. A
 * task not in the index (finished since it was written, added since) is read the slow way; a task
 * deleted since is simply not found. An index that is missing, of another version or another work
 * root, truncated or failing a checksum is ignored as a whole (every directory is read) and
 * written again.
 *
 * <p>The file: a magic number and version, then frames {@code [length][payload][CRC32]}; the first
 * frame names the work root (its path, and its device and inode, which must be this one's) and the
 * rule task ids followed (recovery takes a name the index holds for a task's without matching it
 * again: under another rule, the index is not used), each next one is an entry; a later entry for an
 * id replaces an earlier one. Entries of tasks that finish are appended (one write): a kill -9
 * leaves the index whole, or with a torn last frame, and then it is not used and written again.
 * When most frames are of tasks no longer there, the index is written whole to {@code .index.tmp}
 * and renamed over it.
 * Written on a thread of its own, never on the way of a request or of recovery.
 */
final class FinishedIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FinishedIndex.class);
  private static final int MAGIC = 0x54524958; // "TRIX"
  private static final int VERSION = 3;
  /** Far more than 10,000 tasks take (~7 MB); an index past it is not read. */
  private static final int MAX_BYTES = 512 * 1024 * 1024;
  /** How often the node looks for tasks that finished since the index was last written. */
  static final Duration REFRESH_EVERY = Duration.ofSeconds(2);
  /** After a failed write, how long before the next try. */
  private static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Whether a final task is in the index. */
  enum Mark {
    /** Not yet (or its directory was changing when last read). */
    NO,
    YES,
    /** It cannot be (an incomplete directory, files unlike what the node holds); until the next start. */
    NEVER
  }

  private final WorkRoot root;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "finished-index");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean writing = new AtomicBoolean();
  /** Frames in the file as this node last left it; -1 when it must be written whole. Writer thread. */
  private volatile int frames = -1;
  private volatile long retryAfter = System.nanoTime();
  /** No index file at all, and none needed until a task is final: an empty one is not written. */
  private volatile boolean absent;

  /** How long a directory must have been still before it is indexed ({@link IndexEntry#STILL}). */
  private final long stillNanos;

  FinishedIndex(WorkRoot root) {
    this(root, IndexEntry.STILL);
  }

  /** With another {@code still} (tests: a kernel clock tick is a few ms; the default allows for file systems of 1 s). */
  FinishedIndex(WorkRoot root, Duration still) {
    this.root = root;
    this.stillNanos = still.toNanos();
  }

  /** The entries as the index holds them; empty (and to be written whole) when it cannot be used. */
  Loaded load() {
    byte[] all;
    try {
      all = TaskFiles.readRegular(root.index(), MAX_BYTES);
    } catch (NoSuchFileException e) {
      absent = true;
      return Loaded.none("there is none yet");
    } catch (IOException e) {
      return Loaded.none("cannot read it: " + e.getMessage());
    }
    try {
      Loaded loaded = parse(all);
      frames = loaded.frames();
      return loaded;
    } catch (IOException | RuntimeException e) {
      return Loaded.none(e.getMessage() != null ? e.getMessage() : "unreadable (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Loaded parse(byte[] all) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(all);
    if (all.length < 8 || in.getInt() != MAGIC) {
      throw new IOException("not an index of finished tasks");
    }
    int version = in.getInt();
    if (version != VERSION) {
      throw new IOException("version " + version + ", not " + VERSION);
    }
    ByteBuffer first = frame(in);
    DataInputStream header = new DataInputStream(new ByteArrayInputStream(first.array(), first.arrayOffset(), first.remaining()));
    String path = header.readUTF();
    // The directory itself, not its spelling: a work root reached by another path (a link) is the same.
    if (!header.readUTF().equals(FileStamp.of(root.path()).key())) {
      throw new IOException("written for another work root (" + path + ")");
    }
    if (!header.readUTF().equals(TaskDefinitions.ID.pattern())) {
      throw new IOException("written under another rule for task ids");
    }
    Map<String, IndexEntry> entries = new HashMap<>();
    int count = 0;
    while (in.hasRemaining()) {
      IndexEntry entry = IndexEntry.read(frame(in));
      entries.put(entry.id(), entry);
      count++;
    }
    return new Loaded(entries, count, null);
  }

  /** The next frame's payload, its checksum checked. */
  private static ByteBuffer frame(ByteBuffer in) throws IOException {
    if (in.remaining() < 4) {
      throw new IOException("truncated");
    }
    int length = in.getInt();
    if (length < 0 || length > in.remaining() - 4) {
      throw new IOException("truncated");
    }
    CRC32 crc = new CRC32();
    crc.update(in.array(), in.position(), length);
    int at = in.position();
    in.position(at + length);
    if ((int) crc.getValue() != in.getInt()) {
      throw new IOException("a checksum fails");
    }
    return in.slice(at, length);
  }

  /** What {@link #load} found: the last entry of each id; {@code unusable} says why there are none. */
  record Loaded(Map<String, IndexEntry> entries, int frames, String unusable) {
    static Loaded none(String why) {
      return new Loaded(Map.of(), 0, why);
    }

    IndexEntry entry(String id) {
      return entries.get(id);
    }
  }

  /**
   * Looks for final tasks not in the index yet and has them written (appended, or the whole index
   * when it must be); returns at once. Runs on the scheduler thread, which owns the records.
   */
  void refresh(Collection<TaskRecord> records) {
    if (System.nanoTime() - retryAfter < 0 || !writing.compareAndSet(false, true)) {
      return;
    }
    List<Settled> fresh = new ArrayList<>();
    int kept = 0;
    for (TaskRecord r : records) {
      if (indexable(r)) {
        if (r.indexed == Mark.YES) {
          kept++;
        } else {
          fresh.add(new Settled(r));
        }
      }
    }
    int before = frames;
    boolean whole = before < 0 ? !(absent && kept == 0 && fresh.isEmpty()) : before + fresh.size() > compactAbove(kept + fresh.size());
    if (fresh.isEmpty() && !whole) {
      writing.set(false);
      return;
    }
    List<Settled> all = new ArrayList<>(fresh);
    if (whole) {
      for (TaskRecord r : records) {
        if (indexable(r) && r.indexed == Mark.YES) {
          all.add(new Settled(r)); // read again: the old file's frames are not kept in memory
        }
      }
    }
    writer.execute(() -> {
      try {
        write(all, whole);
      } catch (Throwable e) {
        retryAfter = System.nanoTime() + RETRY_NANOS;
        LOG.warn("index of finished tasks: cannot write {}; will try again in a minute", root.index(), e);
      } finally {
        writing.set(false);
      }
    });
  }

  private static boolean indexable(TaskRecord r) {
    return r.state.isFinal() && r.summary != null && r.marks.summary() != null && r.indexed != Mark.NEVER;
  }

  /** A final task as the scheduler held it when asked. */
  private record Settled(TaskRecord record, TaskFiles files, NodeMarks marks,
      dev.taskrunner.core.status.TaskStatus status, TaskState state, String reason) {
    Settled(TaskRecord r) {
      this(r, r.dir.files(), r.marks, r.status, r.state, r.reason);
    }
  }

  /** Frames past which the index is written whole: most of them of tasks no longer there. */
  private static int compactAbove(int live) {
    return 2 * live + 1024;
  }

  private void write(List<Settled> tasks, boolean whole) throws IOException {
    long started = System.nanoTime();
    long now = nanos(Instant.now()); // the kernel's clock, as file times are: not the node's (a test's) clock
    List<Settled> made = new ArrayList<>();
    List<IndexEntry> entries = new ArrayList<>();
    add(tasks, now, made, entries);
    if (whole && entries.isEmpty() && absent) {
      return; // every task changed lately: nothing to write yet, and no index to replace
    }
    if (whole) {
      writeWhole(entries);
      frames = entries.size();
      absent = false;
    } else if (!entries.isEmpty()) {
      append(entries);
      frames += entries.size();
    }
    for (Settled s : made) {
      s.record().indexed = Mark.YES;
    }
    if (whole) {
      LOG.info("index of finished tasks: wrote {} entries in {} ms", entries.size(), (System.nanoTime() - started) / 1_000_000);
    } else if (!entries.isEmpty()) {
      LOG.debug("index of finished tasks: appended {} entries", entries.size());
    }
  }

  /** Reads each task's entry; a task that cannot be indexed is marked so, one changing is left for later. */
  private void add(List<Settled> tasks, long now, List<Settled> made, List<IndexEntry> entries) {
    for (Settled s : tasks) {
      IndexEntry entry;
      try {
        entry = IndexEntry.read(s.files(), now, stillNanos);
      } catch (IOException | RuntimeException e) {
        s.record().indexed = Mark.NEVER;
        continue;
      }
      if (entry == null) {
        s.record().indexed = Mark.NO; // changed lately: next time
      } else if (!holdsWhatTheNodeHolds(entry, s)) {
        s.record().indexed = Mark.NEVER;
      } else {
        entries.add(entry);
        made.add(s);
      }
    }
  }

  /**
   * The files say what the node decided the task's end from: its own record, and the lost mark or
   * the final status. So the runner the entry names is the one the node saw gone.
   */
  private static boolean holdsWhatTheNodeHolds(IndexEntry entry, Settled s) {
    if (!entry.marks().equals(s.marks())) {
      return false;
    }
    return entry.lostReason() != null ? s.state() == TaskState.LOST && entry.lostReason().equals(s.reason())
        : s.state() == TaskState.EXITED && entry.status().equals(s.status());
  }

  private void writeWhole(List<IndexEntry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 800);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(header);
    h.writeUTF(root.path().toAbsolutePath().toString());
    h.writeUTF(FileStamp.of(root.path()).key());
    h.writeUTF(TaskDefinitions.ID.pattern());
    writeFrame(out, header.toByteArray());
    frames(out, entries);
    try (FileChannel channel = FileChannel.open(root.indexTemp(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS), AtomicFiles.OWNER_ONLY)) {
      writeAll(channel, bytes.toByteArray());
    }
    // Not forced: a power cut may leave a torn index, which its checksums refuse (and the next start reads every directory).
    Files.move(root.indexTemp(), root.index(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void append(List<IndexEntry> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 800);
    frames(new DataOutputStream(bytes), entries);
    try (FileChannel channel = FileChannel.open(root.index(), StandardOpenOption.WRITE, StandardOpenOption.APPEND,
        LinkOption.NOFOLLOW_LINKS)) {
      writeAll(channel, bytes.toByteArray());
    } catch (IOException e) {
      frames = -1; // removed under the node, or a frame written in part: written whole next time
      throw e;
    }
  }

  private static void frames(DataOutputStream out, List<IndexEntry> entries) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(1024);
    for (IndexEntry entry : entries) {
      payload.reset();
      entry.write(new DataOutputStream(payload));
      writeFrame(out, payload.toByteArray());
    }
  }

  private static void writeFrame(DataOutputStream out, byte[] payload) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(payload);
    out.writeInt(payload.length);
    out.write(payload);
    out.writeInt((int) crc.getValue());
  }

  private static void writeAll(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** Lets a write under way finish (a few seconds at most), then stops the writer. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
