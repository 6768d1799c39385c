package dev.taskrunner.core.env.slurm;

import java.util.List;

/**
 * How the node submits runners to Slurm; validated here, then immutable.
 *
 * @param partition {@code --partition}, or {@code null} for the cluster's default partition
 * @param account {@code --account}, or {@code null} for the user's default account
 * @param sbatchOptions more {@code sbatch} options, each one argument ({@code --qos=low},
 *     {@code --mem=2G}); none the node sets itself or cannot work with ({@code --job-name},
 *     {@code --chdir}, {@code --output}, {@code --requeue}..., see {@link ReservedSbatchOptions}).
 *     A {@code --time} here holds for tasks without a timeout; a task's timeout sets its own
 */
public record SlurmSettings(String partition, String account, List<String> sbatchOptions) {
  public SlurmSettings {
    partition = blankToNull(partition);
    account = blankToNull(account);
    sbatchOptions = List.copyOf(sbatchOptions);
    for (String option : sbatchOptions) {
      if (!option.startsWith("-")) {
        throw new IllegalArgumentException("slurmSbatchOptions: '" + option
            + "' is not an option (each starts with '-', e.g. --qos=low; write values with '=')");
      }
      String refusal = ReservedSbatchOptions.refusal(option);
      if (refusal != null) {
        throw new IllegalArgumentException("slurmSbatchOptions: " + refusal + "; remove it");
      }
    }
  }

  /** The cluster's defaults. */
  public static SlurmSettings defaults() {
    return new SlurmSettings(null, null, List.of());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
