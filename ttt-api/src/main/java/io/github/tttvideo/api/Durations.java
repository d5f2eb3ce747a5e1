package io.github.tttvideo.api;

/**
 * Converts between video durations in seconds and 3-second segments.
 *
 * <p>A TTT-Video story is made of segments of exactly {@value #SECONDS_PER_SEGMENT} seconds, so
 * every duration the SDK accepts is a positive multiple of three:
 *
 * <pre>{@code
 * int n = Durations.segmentsFor(63);      // 21
 * int s = Durations.secondsFor(3);        // 9
 * Durations.segmentsFor(10);              // InvalidInputException: not a multiple of 3
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Durations {

  /** Length of one segment in seconds. */
  public static final int SECONDS_PER_SEGMENT = 3;

  private Durations() {}

  /**
   * The number of segments of a duration.
   *
   * @param seconds the duration, a positive multiple of 3
   * @return seconds / 3
   * @throws InvalidInputException if seconds is not positive or not a multiple of 3
   */
  public static int segmentsFor(long seconds) {
    if (seconds <= 0) {
      throw new InvalidInputException("duration must be > 0 seconds, got " + seconds);
    }
    if (seconds % SECONDS_PER_SEGMENT != 0) {
      throw new InvalidInputException(
          "duration must be a multiple of "
              + SECONDS_PER_SEGMENT
              + " seconds (one segment each), got "
              + seconds
              + " (nearest: "
              + Math.max(SECONDS_PER_SEGMENT, seconds / SECONDS_PER_SEGMENT * SECONDS_PER_SEGMENT)
              + " or "
              + (seconds / SECONDS_PER_SEGMENT + 1) * SECONDS_PER_SEGMENT
              + ")");
    }
    long n = seconds / SECONDS_PER_SEGMENT;
    if (n > Integer.MAX_VALUE) {
      throw new InvalidInputException("duration is too long, got " + seconds + " seconds");
    }
    return (int) n;
  }

  /**
   * The duration of a number of segments.
   *
   * @param segments the number of segments, at least 1
   * @return segments * 3
   * @throws InvalidInputException if segments is less than 1
   */
  public static int secondsFor(int segments) {
    if (segments < 1) {
      throw new InvalidInputException("segments must be >= 1, got " + segments);
    }
    return Math.multiplyExact(segments, SECONDS_PER_SEGMENT);
  }
}
