package io.github.tttvideo.toon.metrics;

import java.util.List;
import java.util.Locale;

/**
 * The five toon-world metrics of one story (or pooled over many).
 *
 * @param identityConsistency see {@link IdentityConsistency}
 * @param eventMemory see {@link EventMemory}
 * @param textFollowing see {@link TextFollowing}
 * @param boundaryJumpPx see {@link BoundaryContinuity}, in pixels
 * @param perFrameQuality see {@link PerFrameQuality}
 * @since 0.1.0
 */
public record BenchmarkResult(
    Score identityConsistency,
    Score eventMemory,
    Score textFollowing,
    Score boundaryJumpPx,
    Score perFrameQuality) {

  /**
   * {@return the measurement-weighted pool of several results}
   *
   * @param results the results to pool
   */
  public static BenchmarkResult pool(List<BenchmarkResult> results) {
    return new BenchmarkResult(
        Score.pool(results.stream().map(BenchmarkResult::identityConsistency).toList()),
        Score.pool(results.stream().map(BenchmarkResult::eventMemory).toList()),
        Score.pool(results.stream().map(BenchmarkResult::textFollowing).toList()),
        Score.pool(results.stream().map(BenchmarkResult::boundaryJumpPx).toList()),
        Score.pool(results.stream().map(BenchmarkResult::perFrameQuality).toList()));
  }

  /** {@return a small text table, one metric a line} */
  public String toTable() {
    return String.format(
        Locale.ROOT,
        "identity consistency  %6.2f %%  (n=%d)%n"
            + "event memory          %6.2f %%  (n=%d)%n"
            + "text following        %6.2f %%  (n=%d)%n"
            + "boundary jump         %6.2f px (n=%d)%n"
            + "per-frame quality     %6.2f %%  (n=%d)%n",
        100 * identityConsistency.value(), identityConsistency.count(),
        100 * eventMemory.value(), eventMemory.count(),
        100 * textFollowing.value(), textFollowing.count(),
        boundaryJumpPx.value(), boundaryJumpPx.count(),
        100 * perFrameQuality.value(), perFrameQuality.count());
  }
}
