package dev.taskrunner.api.events;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events}: the {@link EventFeed} as Server-Sent Events. The {@code Last-Event-ID}
 * header (or the {@code lastEventId} query parameter, for clients that cannot set headers) resumes
 * after that event. A stream holds one server thread; it ends when the client leaves (noticed at the
 * next write, a keep-alive comment every {@link #KEEP_ALIVE_MILLIS} at the latest), when the node
 * stops, or after a final {@code dropped} event when it fell too far behind.
 */
public final class EventRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
  static final long KEEP_ALIVE_MILLIS = 15_000;
  static final long POLL_MILLIS = 250;
  private final EventFeed feed;
  private final BooleanSupplier stopping;

  public EventRoutes(EventFeed feed, BooleanSupplier stopping) {
    this.feed = feed;
    this.stopping = stopping;
  }

  public void register(Javalin app) {
    app.get("/v1/events", this::stream);
  }

  private void stream(Context ctx) {
    String lastEventId = ctx.header("Last-Event-ID");
    if (lastEventId == null) {
      lastEventId = ctx.queryParam("lastEventId");
    }
    Subscription stream = feed.subscribe(lastEventId); // 503 beyond the cap, before anything is sent
    try {
      ctx.status(200).contentType("text/event-stream; charset=utf-8");
      ctx.header("Cache-Control", "no-store");
      ctx.header("X-Accel-Buffering", "no"); // a proxy in front must pass events on as they come
      OutputStream out = ctx.res().getOutputStream();
      out.write(("retry: 2000\n: last event id " + stream.replayUpTo + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush(); // the client knows at once that it is subscribed
      if (stream.resetReason != null) {
        out.write(reset(stream));
      } else {
        replay(stream, out);
      }
      out.flush();
      follow(stream, out);
    } catch (IOException e) {
      LOG.debug("an event stream's client left: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      feed.unsubscribe(stream);
    }
  }

  private void replay(Subscription stream, OutputStream out) throws IOException {
    long cursor = stream.replayAfter;
    while (cursor < stream.replayUpTo) {
      List<TaskEvent> page = feed.replay(stream, cursor);
      if (page.isEmpty()) {
        // The journal moved past the cursor while we read (a burst filled it): start over.
        out.write(reset(new Subscription(1, cursor, stream.replayUpTo, "too-old")));
        return;
      }
      for (TaskEvent event : page) {
        out.write(event.frame());
        cursor = event.id();
      }
    }
  }

  private static byte[] reset(Subscription stream) {
    String detail = "too-old".equals(stream.resetReason)
        ? "the events after that id are no longer kept"
        : "that id is not one this node gave";
    String data = TaskEvent.JSON.valueToTree(Map.of("type", "reset", "reason", stream.resetReason,
        "lastEventId", stream.replayUpTo, "detail", detail + "; reload the task list (GET /v1/tasks),"
            + " then apply the events that follow")).toString();
    return TaskEvent.sse(Long.toString(stream.replayUpTo), "reset", data);
  }

  private void follow(Subscription stream, OutputStream out) throws IOException, InterruptedException {
    long quietSince = System.nanoTime();
    while (!stopping.getAsBoolean()) {
      byte[] frame = stream.next(POLL_MILLIS);
      if (frame == Subscription.DROPPED) {
        out.write(TaskEvent.sse(null, "dropped", TaskEvent.JSON.valueToTree(Map.of("type", "dropped", "detail",
            "this stream fell too far behind and was closed; reconnect with Last-Event-ID to resume")).toString()));
        out.flush();
        return;
      }
      if (frame != null) {
        out.write(frame);
        out.flush();
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > KEEP_ALIVE_MILLIS * 1_000_000) {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        quietSince = System.nanoTime();
      }
    }
  }
}
