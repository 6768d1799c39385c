package dev.taskrunner.core.task;

import java.util.regex.Pattern;

/**
 * {@link TaskDefinitions#ID}, for callers that want a {@link Pattern}. It lives in an interface
 * because a class's initialization does not initialize its interfaces: a runner, which checks ids
 * by hand ({@link TaskDefinitions#isId}), never compiles it (its first regex costs an interpreted
 * runner ~5 ms).
 */
interface TaskIdPattern {
  /** {@link TaskDefinitions#ID_RULE}, compiled. */
  Pattern ID = Pattern.compile(TaskDefinitions.ID_RULE);
}
