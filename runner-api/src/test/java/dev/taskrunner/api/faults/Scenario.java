package dev.taskrunner.api.faults;

import java.nio.file.Path;

/**
 * One fault scenario against the packaged daemon. It runs in its own scratch directory, bounds its
 * load in count and time, cleans up every process it started, and reports what it counted; it
 * throws only when it could not run at all.
 */
interface Scenario {
  Figures run(Path scratch, Scale scale) throws Exception;
}
