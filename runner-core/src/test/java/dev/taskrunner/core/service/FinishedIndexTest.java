package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.fs.FileTrees;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskSummary;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of finished tasks never makes a restart state a task otherwise than reading every
 * directory would: each case builds real task directories, writes the index as a node does, changes
 * the directories behind its back, and compares a recovery that uses the index with one that does
 * not (the slow way, the oracle).
 */
class FinishedIndexTest {
  private static final Instant T0 = Instant.now().minus(Duration.ofHours(1));
  /** Longer than a tick of the kernel's clock, as a node's 2 s is longer than a file system's. */
  private static final Duration STILL = Duration.ofMillis(100);
  @TempDir Path workRoot;
  private NodeConfig config;
  /** The runners this test says are alive; every other recorded runner is gone. */
  private final Set<RunnerRecord> alive = ConcurrentHashMap.newKeySet();
  private final Environment environment = new Environment() {
    @Override
    public RunnerHandle launch(Path taskDirectory) {
      throw new UnsupportedOperationException("no launches here");
    }

    @Override
    public Optional<RunnerHandle> attach(RunnerRecord recorded, Path taskDirectory) {
      return alive.contains(recorded) ? Optional.of(handle((RunnerIdentity) recorded)) : Optional.empty();
    }

    @Override
    public Optional<RunnerHandle> find(Path taskDirectory) {
      return Optional.empty();
    }

    @Override
    public void stop(RunnerHandle runner, String taskId, Duration grace) {}

    @Override
    public boolean killLeftovers(RunnerRecord runner, String taskId) {
      return false;
    }
  };

  private RunnerHandle handle(RunnerIdentity identity) {
    return new RunnerHandle() {
      @Override
      public RunnerIdentity identity() {
        return identity;
      }

      @Override
      public String check() {
        return alive.contains(identity) ? null : "gone";
      }

      @Override
      public CompletableFuture<?> onExit() {
        return new CompletableFuture<>();
      }
    };
  }

  @BeforeEach
  void setUp() {
    config = NodeConfig.defaults(workRoot);
  }

  @Test
  void aRestartTakesFinishedTasksFromTheIndexAndStatesThemAsReadingTheirDirectoriesDoes() throws Exception {
    // GIVEN a succeeded, a failed, a node-canceled and a lost task, and one never launched
    finished("ok", 1, Outcome.SUCCEEDED, 0);
    finished("failed", 2, Outcome.FAILED, 3);
    finished("canceled", 3, Outcome.CANCELED, null);
    lost("gone", 4, "the runner (pid 4242) is gone and left no final status");
    queued("waiting", 5);
    // WHEN the index is written, and a node recovers with it
    writeIndex("ok", "failed", "canceled", "gone");
    Map<String, TaskRecord> fast = scan(index());
    // THEN the finished ones come from the index, and every task reads as the slow way reads it
    assertEquals(Set.of("ok", "failed", "canceled", "gone"), indexed(fast));
    assertEquals(views(scan(FinishedIndex.Loaded.none("the oracle"))), views(fast));
    assertEquals(Integer.valueOf(3), fast.get("failed").view().exitCode());
    assertEquals(TaskState.LOST, fast.get("gone").view().state());
  }

  @Test
  void aFinishedTaskReplacedUnderTheSameIdIsStatedAsItsNewDirectorySays() throws Exception {
    // GIVEN two finished tasks in the index
    finished("replaced", 1, Outcome.SUCCEEDED, 0);
    finished("kept", 2, Outcome.SUCCEEDED, 0);
    writeIndex("replaced", "kept");
    // WHEN one's directory is removed and made again under the same id, with another task that failed
    FileTrees.remove(workRoot.resolve("replaced"));
    finished("replaced", 7, Outcome.FAILED, 9);
    Map<String, TaskRecord> fast = scan(index());
    // THEN it is read the slow way and shows what its directory holds now
    assertEquals(Set.of("kept"), indexed(fast));
    assertEquals(Integer.valueOf(9), fast.get("replaced").view().exitCode());
    assertEquals(7L, fast.get("replaced").seq());
    assertEquals(views(scan(FinishedIndex.Loaded.none("the oracle"))), views(fast));
  }

  @Test
  void aFileRewrittenInPlaceWithTheSameSizeIsNotTakenFromTheIndex() throws Exception {
    // GIVEN a finished task in the index
    finished("edited", 1, Outcome.SUCCEEDED, 0);
    writeIndex("edited");
    // WHEN its status is rewritten in place (no rename: the directory does not change), same size
    Path status = workRoot.resolve("edited").resolve("status.json");
    String before = Files.readString(status);
    String after = before.replace("\"exitCode\":0,", "\"exitCode\":5,");
    try (FileChannel channel = FileChannel.open(status, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(after.getBytes(StandardCharsets.UTF_8)), 0);
    }
    assertEquals(before.length(), Files.size(status));
    Map<String, TaskRecord> fast = scan(index());
    // THEN the index is not believed: the task shows the status it has now
    assertEquals(Set.of(), indexed(fast));
    assertEquals(views(scan(FinishedIndex.Loaded.none("the oracle"))), views(fast));
    assertEquals(Integer.valueOf(5), fast.get("edited").view().exitCode());
  }

  @Test
  void anIndexOlderThanTheDirectoriesStatesEveryTaskRight() throws Exception {
    // GIVEN an index written while one task still ran
    finished("old", 1, Outcome.SUCCEEDED, 0);
    finished("deleted", 2, Outcome.SUCCEEDED, 0);
    running("running", 3);
    writeIndex("old", "deleted");
    // WHEN since then that task finished, one was deleted and two were added (one finished, one queued)
    new StatusFile(workRoot.resolve("running")).write(status("running", Outcome.FAILED, 1), false);
    alive.clear();
    FileTrees.remove(workRoot.resolve("deleted"));
    finished("added", 4, Outcome.SUCCEEDED, 0);
    queued("new", 5);
    Map<String, TaskRecord> fast = scan(index());
    // THEN only the untouched one comes from the index, and each is stated as its directory says
    assertEquals(Set.of("old"), indexed(fast));
    assertFalse(fast.containsKey("deleted"));
    assertEquals(TaskState.EXITED, fast.get("running").view().state());
    assertEquals(Integer.valueOf(1), fast.get("running").view().exitCode());
    assertEquals(TaskState.QUEUED, fast.get("new").view().state());
    assertEquals(views(scan(FinishedIndex.Loaded.none("the oracle"))), views(fast));
  }

  @Test
  void aLostMarkAddedSinceIsNotHiddenByTheIndex() throws Exception {
    finished("marked", 1, Outcome.SUCCEEDED, 0);
    writeIndex("marked");
    new TaskDirectory(workRoot.resolve("marked")).writeLost("marked by hand", Instant.now());
    Map<String, TaskRecord> fast = scan(index());
    assertEquals(Set.of(), indexed(fast));
    assertEquals(TaskState.LOST, fast.get("marked").view().state());
    assertEquals("marked by hand", fast.get("marked").view().reason());
  }

  @Test
  void aTruncatedCorruptForeignOrOtherVersionIndexIsNotUsedAndANodeWritesItAgain() throws Exception {
    finished("a", 1, Outcome.SUCCEEDED, 0);
    finished("b", 2, Outcome.FAILED, 2);
    writeIndex("a", "b");
    Path file = new WorkRoot(workRoot).index();
    byte[] good = Files.readAllBytes(file);
    assertEquals(2, index().entries().size());

    Files.write(file, java.util.Arrays.copyOf(good, good.length - 3));
    assertEquals("truncated", index().unusable());
    assertEquals(2, scan(index()).size()); // read the slow way
    byte[] flipped = good.clone();
    flipped[good.length - 10] ^= 1; // inside the last entry
    Files.write(file, flipped);
    assertEquals("a checksum fails", index().unusable());
    assertTrue(index().entries().isEmpty());
    byte[] otherVersion = good.clone();
    otherVersion[7] = 99;
    Files.write(file, otherVersion);
    assertTrue(index().unusable().contains("version 99"), index().unusable());
    Path elsewhere = Files.createDirectory(workRoot.resolve(".elsewhere"));
    Files.write(new WorkRoot(elsewhere).index(), good);
    String foreign = new FinishedIndex(new WorkRoot(elsewhere)).load().unusable();
    assertTrue(foreign.contains("another work root"), foreign);
    Files.write(file, "garbage".getBytes(StandardCharsets.UTF_8));
    assertNotNull(index().unusable());
    // an index written when task ids followed another rule (recovery takes the names it holds as ids)
    java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream h = new java.io.DataOutputStream(header)) {
      h.writeUTF(workRoot.toString());
      h.writeUTF(FileStamp.of(workRoot).key());
      h.writeUTF("[a-z]+");
    }
    Files.write(file, withHeader(good, header.toByteArray()));
    assertEquals("written under another rule for task ids", index().unusable());
    assertEquals(2, scan(index()).size());
    // a frame whose checksum holds but whose entry is cut short, or claims a string longer than itself
    for (byte[] payload : List.of(new byte[] {0, 1}, new byte[] {0x7f, (byte) 0xff, 'a'})) {
      Files.write(file, withFrame(good, payload));
      assertNotNull(index().unusable(), "an entry of " + payload.length + " bytes");
      assertTrue(index().entries().isEmpty());
      assertEquals(2, scan(index()).size());
    }

    // a node on this work root reads every directory, then writes the index whole again
    LocalTaskService service = new LocalTaskService(config, environment, Clock.systemUTC());
    service.start();
    try {
      assertEquals(Integer.valueOf(2), service.get("b").exitCode());
      await().atMost(Duration.ofSeconds(20)).until(() -> index().entries().keySet(), keys -> keys.equals(Set.of("a", "b")));
    } finally {
      service.close();
    }
  }

  @Test
  void tasksThatFinishWhileTheNodeRunsAreAppended() throws Exception {
    finished("first", 1, Outcome.SUCCEEDED, 0);
    writeIndex("first");
    int size = Files.readAllBytes(new WorkRoot(workRoot).index()).length;
    finished("second", 2, Outcome.SUCCEEDED, 0);
    writeIndex("first", "second");
    assertTrue(Files.size(new WorkRoot(workRoot).index()) > size);
    assertEquals(2, index().frames());
    assertEquals(Set.of("first", "second"), indexed(scan(index())));
  }

  // ---------------------------------------------------------------- helpers

  /** {@code index} with its first frame (the header) replaced by one of {@code payload}. */
  private static byte[] withHeader(byte[] index, byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(index);
    in.position(8); // magic, version
    int headerLength = in.getInt();
    int rest = 8 + 4 + headerLength + 4;
    byte[] head = withFrame(java.util.Arrays.copyOf(index, 8), payload);
    byte[] whole = java.util.Arrays.copyOf(head, head.length + index.length - rest);
    System.arraycopy(index, rest, whole, head.length, index.length - rest);
    return whole;
  }

  /** {@code index} with one more frame, as the index frames an entry: length, payload, CRC32. */
  private static byte[] withFrame(byte[] index, byte[] payload) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(payload);
    return ByteBuffer.allocate(index.length + 8 + payload.length).put(index).putInt(payload.length).put(payload)
        .putInt((int) crc.getValue()).array();
  }

  /** Recovers every task as a starting node does, with {@code index}. */
  private Map<String, TaskRecord> scan(FinishedIndex.Loaded index) {
    return new Recovery(config, new Lifecycle(config, environment, Clock.systemUTC()), Clock.systemUTC(), index).scan()
        .stream().collect(Collectors.toMap(r -> r.id, r -> r));
  }

  private FinishedIndex.Loaded index() {
    return new FinishedIndex(new WorkRoot(workRoot)).load();
  }

  /** Writes the index as a node does after a restart that read every directory; waits until it holds {@code ids}. */
  private void writeIndex(String... ids) {
    FinishedIndex index = new FinishedIndex(new WorkRoot(workRoot), STILL);
    Map<String, TaskRecord> records = scan(index.load());
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        index.refresh(records.values());
        return records.values().stream().filter(r -> r.indexed == FinishedIndex.Mark.YES).map(r -> r.id)
            .collect(Collectors.toSet()).equals(Set.of(ids));
      });
    } finally {
      index.close();
    }
  }

  private static Set<String> indexed(Map<String, TaskRecord> records) {
    return records.values().stream().filter(r -> r.indexed == FinishedIndex.Mark.YES).map(r -> r.id).collect(Collectors.toSet());
  }

  /** The views, by id, with what changes between two reads of the same task (nothing, for these) as it is. */
  private static Map<String, TaskView> views(Map<String, TaskRecord> records) {
    return new TreeMap<>(records.values().stream().collect(Collectors.toMap(r -> r.id, TaskRecord::view)));
  }

  private Path taskDirectory(String id, long seq, Instant launchedAt, RunnerIdentity runner) throws Exception {
    Path dir = Files.createDirectory(workRoot.resolve(id));
    NodeMarks marks = new NodeMarks(seq, T0.plusSeconds(seq), launchedAt, null, runner)
        .withSummary(new TaskSummary("echo", "task " + id, 60L));
    Files.write(dir.resolve("node.json"), marks.toJson());
    Files.writeString(dir.resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"" + id + "\"}");
    Files.writeString(dir.resolve("output.log"), "x\n");
    return dir;
  }

  private static RunnerIdentity goneRunner(long seq) {
    return new RunnerIdentity(4_000_000 + seq, 1, "no-such-boot");
  }

  private void finished(String id, long seq, Outcome outcome, Integer exitCode) throws Exception {
    Path dir = taskDirectory(id, seq, T0.plusSeconds(seq), goneRunner(seq));
    new StatusFile(dir).write(status(id, outcome, exitCode), false);
  }

  private static TaskStatus status(String id, Outcome outcome, Integer exitCode) {
    Instant started = T0.plusSeconds(1);
    return TaskStatus.started(id, 4242, started, "host", started)
        .finish(started.plusSeconds(2), exitCode, outcome, outcome == Outcome.CANCELED ? "stopped by the node" : null);
  }

  private void lost(String id, long seq, String reason) throws Exception {
    Path dir = taskDirectory(id, seq, T0.plusSeconds(seq), goneRunner(seq));
    new TaskDirectory(dir).writeLost(reason, T0.plusSeconds(seq + 1));
  }

  /** A task whose runner is alive until the test says otherwise. */
  private void running(String id, long seq) throws Exception {
    RunnerIdentity runner = goneRunner(seq);
    alive.add(runner);
    Path dir = taskDirectory(id, seq, T0.plusSeconds(seq), runner);
    new StatusFile(dir).write(TaskStatus.started(id, 4242, T0, "host", Instant.now()), false);
  }

  private void queued(String id, long seq) throws Exception {
    taskDirectory(id, seq, null, null);
  }

}
