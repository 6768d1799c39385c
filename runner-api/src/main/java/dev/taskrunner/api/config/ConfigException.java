package dev.taskrunner.api.config;

/**
 * A daemon setting is wrong. The message starts with where the value came from
 * ({@code --port}, {@code RUNNER_PORT}, {@code port in FILE}) and says what is expected:
 * {@code --port: must be 0..65535, got x}.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
