package dev.taskrunner.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --server} and {@code --token}, shared by every client command (a picocli mixin). Each
 * falls back to its environment variable, then to its default: flag > environment > default.
 */
final class ClientOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8000";
  static final String SERVER_ENV = "RUNNER_SERVER";
  static final String TOKEN_ENV = "RUNNER_TOKEN";
  /** The ids a node accepts or makes; anything else cannot name a task. */
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--server", paramLabel = "URL",
      description = {"The node to talk to.", "Default: $" + SERVER_ENV + ", else " + DEFAULT_SERVER + "."})
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = {"Sent as 'Authorization: Bearer TOKEN'.",
          "Default: $" + TOKEN_ENV + " (better than the flag, which shows in the process list)."})
  String token;

  /** Where the defaults come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  /** A client for the chosen node; a malformed URL is a usage error. */
  NodeClient client() {
    String url = firstNonBlank(server, environment.get(SERVER_ENV), DEFAULT_SERVER);
    return new NodeClient(baseUrl(url), firstNonBlank(token, environment.get(TOKEN_ENV), null));
  }

  /** {@code id} if a task can have it; a usage error otherwise. */
  String taskId(String id) {
    if (!TASK_ID.matcher(id).matches()) {
      throw new ParameterException(mixee.commandLine(),
          "ID: '" + id + "' is not a task id (1 to 64 letters, digits, '_' or '-')");
    }
    return id;
  }

  private String baseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw usage(url, e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw usage(url, "expected http://HOST:PORT or https://HOST:PORT");
    }
    if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw usage(url, "expected http://HOST:PORT, with no query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return scheme + "://" + uri.getRawAuthority() + path;
  }

  private ParameterException usage(String url, String why) {
    return new ParameterException(mixee.commandLine(), "--server: '" + url + "' is not a node URL: " + why);
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
