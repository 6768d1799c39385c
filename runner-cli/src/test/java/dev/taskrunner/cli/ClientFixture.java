package dev.taskrunner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a client IT needs: real nodes over one work root, the CLI as a process, task files. Remembers
 * everything it started; {@link #close()} kills the CLIs, the nodes and every runner under the work root.
 */
final class ClientFixture implements AutoCloseable {
  static final Duration LIMIT = Duration.ofSeconds(60);
  final Path dir;
  final Path workRoot;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<CliProcess> clis = new ArrayList<>();

  ClientFixture(Path dir) throws IOException {
    this.dir = dir;
    this.workRoot = Files.createDirectories(dir.resolve("work"));
  }

  NodeProcess node() throws IOException {
    return node(0, Map.of());
  }

  NodeProcess node(int port, Map<String, String> env) throws IOException {
    NodeProcess node = NodeProcess.start(workRoot, port, env);
    nodes.add(node);
    return node;
  }

  /** Writes a task file into the CLI's directory; returns its name. */
  String taskFile(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json);
    return name;
  }

  /** Starts {@code runner-cli ARGS --server NODE}. */
  CliProcess start(NodeProcess node, String... args) throws IOException {
    return start(Map.of(), withServer(node, args));
  }

  CliProcess start(Map<String, String> env, String... args) throws IOException {
    CliProcess cli = CliProcess.start(dir, env, args);
    clis.add(cli);
    return cli;
  }

  /** Runs {@code runner-cli ARGS --server NODE} to its end. */
  CliProcess.Result run(NodeProcess node, String... args) throws IOException, InterruptedException {
    return start(node, args).await(LIMIT);
  }

  CliProcess.Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return start(env, args).await(LIMIT);
  }

  String output(String taskId) throws IOException {
    Path file = workRoot.resolve(taskId).resolve("output.log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Override
  public void close() {
    clis.forEach(CliProcess::kill);
    nodes.forEach(n -> n.killWithRunnersUnder(workRoot));
    NodeProcess.killRunnersUnder(workRoot);
  }

  private static String[] withServer(NodeProcess node, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", node.url()));
    return all.toArray(String[]::new);
  }
}
