package dev.taskrunner.api.faults;

/**
 * How big each scenario runs. {@link #QUICK} fits in {@code mvn verify} on a loaded 2-core box
 * (about 3 minutes); {@link #FULL} is the one whose figures the README reports. Chosen with the
 * system property {@code faults} ({@code quick}, the default, or {@code full}).
 */
record Scale(String name, int kills, int liveTasks, int requests, int hostileConnections, int holdSeconds,
    int bigDefinitions) {
  static final Scale QUICK = new Scale("quick", 3, 30, 5_000, 200, 15, 300);
  static final Scale FULL = new Scale("full", 20, 100, 100_000, 600, 60, 10_000);

  static Scale fromProperty() {
    String name = System.getProperty("faults", "quick");
    return switch (name) {
      case "quick", "" -> QUICK;
      case "full" -> FULL;
      default -> throw new IllegalArgumentException("faults: quick or full, not '" + name + "'");
    };
  }
}
