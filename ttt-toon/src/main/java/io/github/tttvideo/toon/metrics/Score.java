package io.github.tttvideo.toon.metrics;

import java.util.List;

/**
 * A metric value and the number of measurements it averages; NaN when there were none.
 *
 * @param value the mean (a share in [0, 1], or pixels for boundary continuity)
 * @param count how many measurements the mean is over
 * @since 0.1.0
 */
public record Score(double value, int count) {
  /** No measurement. */
  public static final Score NONE = new Score(Double.NaN, 0);

  /**
   * {@return the mean of {@code sum} over {@code count} measurements, NaN for none}
   *
   * @param sum the sum of the measurements
   * @param count how many measurements
   */
  public static Score mean(double sum, int count) {
    return count == 0 ? NONE : new Score(sum / count, count);
  }

  /**
   * {@return the measurement-weighted mean of several scores (pooling stories)}
   *
   * @param scores the scores to pool
   */
  public static Score pool(List<Score> scores) {
    double sum = 0;
    int count = 0;
    for (Score s : scores) {
      if (s.count > 0) {
        sum += s.value * s.count;
        count += s.count;
      }
    }
    return mean(sum, count);
  }
}
