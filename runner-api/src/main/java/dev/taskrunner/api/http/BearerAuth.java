package dev.taskrunner.api.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Checks {@code Authorization: Bearer <token>} before every route but the open ones
 * ({@code GET /}, {@code GET /health}, the operator's page under {@code GET /ui}). Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells neither the content nor the length.
 */
final class BearerAuth {
  private static final Set<String> OPEN_PATHS = Set.of("/", "/health");
  private static final String SCHEME = "bearer ";
  private final byte[] expectedDigest;

  BearerAuth(String token) {
    this.expectedDigest = sha256(token);
  }

  /** @throws HttpProblem 401 when the route needs the token and the request lacks the right one */
  void check(Context ctx) {
    if (isOpen(ctx)) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw HttpProblem.unauthorized("Authorization: missing; send 'Authorization: Bearer <token>'");
    }
    if (header.length() < SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw HttpProblem.unauthorized("Authorization: expected the Bearer scheme");
    }
    String given = header.substring(SCHEME.length()).trim();
    if (!MessageDigest.isEqual(expectedDigest, sha256(given))) {
      throw HttpProblem.unauthorized("Authorization: invalid token");
    }
  }

  private static boolean isOpen(Context ctx) {
    HandlerType method = ctx.method();
    if (method != HandlerType.GET && method != HandlerType.HEAD) {
      return false;
    }
    String path = ctx.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1); // routes ignore a trailing slash; so does this check
    }
    // The operator's page (static files, no data) loads without a token, then sends it with each call.
    return OPEN_PATHS.contains(path) || path.equals("/ui") || path.startsWith("/ui/");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
