package dev.taskrunner.api.http;

import dev.taskrunner.api.ops.FatalErrors;
import dev.taskrunner.core.json.JsonSyntaxException;
import dev.taskrunner.core.service.NodeUnavailableException;
import dev.taskrunner.core.service.TaskConflictException;
import dev.taskrunner.core.service.TaskNotFoundException;
import dev.taskrunner.core.task.InvalidTaskException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"detail": "..."}} with the right code.
 * Expected failures (bad input, unknown task, conflict, node unavailable) carry their message to
 * the client; anything else is a bug on our side: 500 {@code "internal error"}, with the stack
 * trace logged here and never sent. An {@link OutOfMemoryError} ends the node ({@link FatalErrors}).
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  static final String INTERNAL_ERROR = "internal error";
  private final FatalErrors fatal;

  /** What to answer: status, detail and extra headers. */
  record Answer(int status, String detail, Map<String, String> headers) {
    Answer(int status, String detail) {
      this(status, detail, Map.of());
    }
  }

  ErrorMapper(FatalErrors fatal) {
    this.fatal = fatal;
  }

  /** Registers the mapper for every exception, Javalin's own 404/405 included. */
  void install(Javalin app) {
    app.exception(HttpResponseException.class, this::handle); // replaces Javalin's HTML/JSON pages
    app.exception(Exception.class, this::handle);
  }

  /** Errors ({@link Error}) skip the exception handlers; they too get JSON, never a trace. */
  void installFallbacks(JavalinConfig config) {
    config.pvt.javaLangErrorHandler((res, error) -> {
      fatal.check(error, "while serving a request");
      LOG.error("error while serving a request", error);
      JettyErrorPages.writeIfUncommitted(res, 500, INTERNAL_ERROR);
    });
    JettyErrorPages pages = new JettyErrorPages();
    config.jetty.modifyServer(server -> server.setErrorHandler(pages));
    config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(pages));
  }

  /**
   * Never throws: Javalin maps an exception thrown here as a new failure of the same request, so a
   * mapper that keeps failing would keep a server thread spinning.
   */
  void handle(Exception e, Context ctx) {
    try {
      Answer answer = answer(unwrap(e), ctx);
      if (ctx.res().isCommitted()) {
        // A streaming response already started: the status is gone, all we can do is stop.
        LOG.debug("failure after the response started: {} {}", ctx.method(), ctx.path(), e);
        return;
      }
      answer.headers().forEach(ctx::header);
      JsonBodies.send(ctx, answer.status(), Map.of("detail", answer.detail()));
    } catch (Throwable failure) {
      fatal.check(failure, "while answering a failed request");
      LOG.error("cannot answer a failed request {} {}", ctx.method(), ctx.path(), failure);
      JettyErrorPages.writeIfUncommitted(ctx.res(), 500, INTERNAL_ERROR);
    }
  }

  /** A failure that comes back through a future (a request body read asynchronously) is wrapped. */
  private Throwable unwrap(Exception e) {
    Throwable t = e;
    for (int depth = 0; t instanceof CompletionException && t.getCause() != null && depth < FatalErrors.MAX_CAUSES; depth++) {
      t = t.getCause();
    }
    fatal.check(t, "while serving a request");
    return t;
  }

  static Answer answer(Throwable e, Context ctx) {
    if (e instanceof HttpProblem p) {
      return new Answer(p.status(), p.detail(), p.headers());
    } else if (e instanceof InvalidTaskException || e instanceof JsonSyntaxException) {
      return new Answer(400, e.getMessage());
    } else if (e instanceof TaskNotFoundException) {
      return new Answer(404, e.getMessage());
    } else if (e instanceof TaskConflictException) {
      return new Answer(409, e.getMessage());
    } else if (e instanceof NodeUnavailableException) {
      return new Answer(503, e.getMessage());
    } else if (e instanceof MethodNotAllowedResponse m) {
      String allowed = m.getDetails().values().stream().findFirst().orElse("");
      return new Answer(405, "method " + ctx.method() + " is not allowed on " + ctx.path()
          + (allowed.isEmpty() ? "" : "; allowed: " + allowed), allowed.isEmpty() ? Map.of() : Map.of("Allow", allowed));
    } else if (e instanceof NotFoundResponse) {
      return new Answer(404, "no route " + ctx.method() + " " + ctx.path());
    } else if (e instanceof HttpResponseException h && h.getStatus() < 500) {
      return new Answer(h.getStatus(), h.getMessage());
    }
    LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
    return new Answer(500, INTERNAL_ERROR);
  }
}
