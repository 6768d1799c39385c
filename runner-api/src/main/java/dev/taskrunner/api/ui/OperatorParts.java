package dev.taskrunner.api.ui;

import dev.taskrunner.api.activity.NodeActivity;
import dev.taskrunner.api.activity.NodeCapacity;
import dev.taskrunner.api.activity.NodeRoutes;
import dev.taskrunner.api.events.EventFeed;
import dev.taskrunner.api.events.EventRoutes;
import dev.taskrunner.api.events.TaskEventsFanOut;
import dev.taskrunner.api.tasks.DefinitionRoutes;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.service.NodeConfig;
import dev.taskrunner.core.service.TaskEvents;
import dev.taskrunner.core.service.TaskService;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * What the operator's page stands on, made once per node: the event feed ({@code GET /v1/events}),
 * the activity chart's counts ({@code GET /v1/node}), the definitions' source
 * ({@code GET /v1/tasks/{id}/definition}) and the page itself ({@code /ui}). The service must be
 * built with {@link #listeners} as its task events; {@link EventFeed#reconcile} follows its start.
 *
 * @param workRoot null when the node has none of its own (a test's fake service)
 */
public record OperatorParts(EventFeed events, NodeActivity activity, NodeCapacity capacity, Path workRoot)
    implements AutoCloseable {
  /** A node's parts: the journal in {@code WORK_ROOT/.events}, the capacity from its configuration. */
  public static OperatorParts forNode(NodeConfig config) {
    return forNode(config, CompletableFuture.completedFuture(null));
  }

  /** The same, the journal read only once {@code journalAfter} completes (see {@link EventFeed#journaled(Path, CompletionStage)}). */
  public static OperatorParts forNode(NodeConfig config, CompletionStage<?> journalAfter) {
    return new OperatorParts(EventFeed.journaled(new WorkRoot(config.workRoot()).events(), journalAfter),
        new NodeActivity(Clock.systemUTC()), new NodeCapacity(config.maxRunningTasks(), config.warmRunners()), config.workRoot());
  }

  /** Parts that keep nothing on disk and know no work root. */
  public static OperatorParts inMemory() {
    return new OperatorParts(EventFeed.inMemory(), new NodeActivity(Clock.systemUTC()), NodeCapacity.UNKNOWN, null);
  }

  /** The task events a service should tell: {@code metrics}, the feed and the activity counts. */
  public TaskEvents listeners(TaskEvents metrics) {
    return TaskEventsFanOut.of(metrics, events, activity);
  }

  public void register(Javalin app, TaskService service, BooleanSupplier stopping) {
    new EventRoutes(events, stopping).register(app);
    new NodeRoutes(service, activity, capacity).register(app);
    new DefinitionRoutes(service, workRoot).register(app);
    new UiRoutes().register(app);
  }

  @Override
  public void close() {
    events.close();
  }
}
