package dev.taskrunner.api.http;

import dev.taskrunner.api.tasks.TaskSearch;
import dev.taskrunner.core.service.TaskNotFoundException;
import dev.taskrunner.core.service.TaskState;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Query parameters and path ids, checked before the service sees them. Every failure is a 400
 * whose detail names the parameter and says what is expected.
 */
final class QueryParams {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  /** Ids the node accepts or makes; anything else cannot name a task (and never reaches the disk). */
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private QueryParams() {}

  /** {@code ?state=}; null when absent (all states). */
  static TaskState state(Context ctx) {
    String value = ctx.queryParam("state");
    if (value == null) {
      return null;
    }
    try {
      return TaskState.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("state: " + e.getMessage());
    }
  }

  /** {@code ?q=}: text to look for in tasks' ids, names, machines, outcomes and reasons; null when absent or blank. */
  static String text(Context ctx) {
    String value = ctx.queryParam("q");
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > TaskSearch.MAX_TEXT) {
      throw HttpProblem.badRequest("q: at most " + TaskSearch.MAX_TEXT + " characters, got " + value.length());
    }
    return value.trim();
  }

  static int offset(Context ctx) {
    return (int) number(ctx, "offset", 0, Integer.MAX_VALUE, 0);
  }

  static int limit(Context ctx) {
    return (int) number(ctx, "limit", 0, MAX_LIMIT, DEFAULT_LIMIT);
  }

  /** A byte offset into a task's output. */
  static long outputOffset(Context ctx) {
    return number(ctx, "offset", 0, Long.MAX_VALUE, 0);
  }

  static boolean flag(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw HttpProblem.badRequest(name + ": must be true or false, got '" + value + "'");
    };
  }

  /** The {@code {id}} path parameter; an id no task can have is answered like an unknown one. */
  static String taskId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!TASK_ID.matcher(id).matches()) {
      throw new TaskNotFoundException(id);
    }
    return id;
  }

  private static long number(Context ctx, String name, long min, long max, long fallback) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest(name + ": must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw HttpProblem.badRequest(name + ": must be from " + min + " to " + max + ", got " + parsed);
    }
    return parsed;
  }
}
