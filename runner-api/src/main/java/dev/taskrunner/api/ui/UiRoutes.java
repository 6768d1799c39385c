package dev.taskrunner.api.ui;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /ui}: the operator's page, plain files inside the jar ({@code /ui/} on the class path),
 * read once at start and served from memory. Only the files listed here exist, so no request path
 * reaches the class path. The page holds no data and needs no token; it asks for one and sends it
 * with each API call. Every answer forbids inline scripts and any source but the node itself
 * ({@link #CONTENT_SECURITY_POLICY}) and content sniffing.
 */
public final class UiRoutes {
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Map<String, String> FILES = Map.ofEntries(
      Map.entry("index.html", "text/html; charset=utf-8"),
      Map.entry("style.css", "text/css; charset=utf-8"),
      Map.entry("app.js", "text/javascript; charset=utf-8"),
      Map.entry("api.js", "text/javascript; charset=utf-8"),
      Map.entry("stream.js", "text/javascript; charset=utf-8"),
      Map.entry("bus.js", "text/javascript; charset=utf-8"),
      Map.entry("dom.js", "text/javascript; charset=utf-8"),
      Map.entry("tasks.js", "text/javascript; charset=utf-8"),
      Map.entry("task.js", "text/javascript; charset=utf-8"),
      Map.entry("submit.js", "text/javascript; charset=utf-8"),
      Map.entry("node.js", "text/javascript; charset=utf-8"));
  private final Map<String, byte[]> contents = new LinkedHashMap<>();

  public UiRoutes() {
    FILES.keySet().forEach(name -> contents.put(name, read(name)));
  }

  public void register(Javalin app) {
    app.get("/ui", ctx -> send(ctx, "index.html")); // "/ui/" too: trailing slashes are ignored
    app.get("/ui/{file}", ctx -> send(ctx, ctx.pathParam("file")));
  }

  private void send(Context ctx, String name) {
    byte[] body = contents.get(name);
    if (body == null) {
      throw new NotFoundResponse();
    }
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-cache"); // a new jar's page is seen at the next load
    ctx.status(200).contentType(FILES.get(name)).result(body);
  }

  private static byte[] read(String name) {
    try (InputStream in = UiRoutes.class.getResourceAsStream("/ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("ui/" + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
