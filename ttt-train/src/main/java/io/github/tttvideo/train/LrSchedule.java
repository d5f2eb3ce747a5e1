package io.github.tttvideo.train;

/**
 * The learning rate of one parameter group at a step, as in the reference's training code.
 *
 * <pre>{@code
 * step < warmup:  peak * (step + 1) / warmup
 * then, s = step - warmup, decay = steps - warmup (s clamped to decay):
 *   LINEAR: peak + (end - peak) * s / decay
 *   COSINE: end + (peak - end) * (1 + cos(pi * s / decay)) / 2
 * }</pre>
 *
 * @param shape linear or cosine after the warmup
 * @param peak the rate reached at the end of the warmup
 * @param end the rate at the last step
 * @param warmup warmup steps, >= 0
 * @param steps all steps of the stage, warmup included, > warmup
 * @since 0.1.0
 */
public record LrSchedule(Shape shape, double peak, double end, int warmup, int steps) {

  /** What follows the warmup. */
  public enum Shape {
    /** Straight line from peak to end. */
    LINEAR,
    /** Half cosine from peak to end. */
    COSINE
  }

  /** Validates. */
  public LrSchedule {
    if (shape == null) {
      throw new IllegalArgumentException("shape must not be null");
    }
    if (warmup < 0 || steps <= warmup) {
      throw new IllegalArgumentException(
          "need 0 <= warmup < steps, got warmup " + warmup + ", steps " + steps);
    }
    if (!(peak >= 0) || !(end >= 0)) {
      throw new IllegalArgumentException("rates must be >= 0, got peak " + peak + ", end " + end);
    }
  }

  /**
   * The rate at a step.
   *
   * @param step 0-based step of the stage
   * @return the learning rate
   */
  public double at(int step) {
    if (step < warmup) {
      return peak * (step + 1) / warmup;
    }
    int decay = steps - warmup;
    double s = Math.min(step - warmup, decay);
    return switch (shape) {
      case LINEAR -> peak + (end - peak) * s / decay;
      case COSINE -> end + (peak - end) * (1 + Math.cos(Math.PI * s / decay)) / 2;
    };
  }
}
