package io.github.tttvideo.toon.metrics;

import java.util.List;

/**
 * Per-frame quality: does the model draw the world's flat palette rather than noise?
 *
 * <p>Definition: the share of frames whose palette share (pixels within {@value
 * io.github.tttvideo.toon.probe.PaletteProbe#CLOSE_DISTANCE} Euclidean RGB of a palette colour,
 * over all pixels) is at least {@value #MIN_PALETTE_SHARE}. Count: the number of frames.
 *
 * @since 0.1.0
 */
public final class PerFrameQuality {
  /** Least palette share of a good frame. */
  public static final double MIN_PALETTE_SHARE = 0.95;

  private PerFrameQuality() {}

  /**
   * Computes the metric.
   *
   * @param segments the readings, one per segment
   * @return the share of good frames
   */
  public static Score compute(List<SegmentReadings> segments) {
    int n = 0;
    int ok = 0;
    for (SegmentReadings s : segments) {
      for (var r : s.frames()) {
        n++;
        if (r.paletteShare() >= MIN_PALETTE_SHARE) {
          ok++;
        }
      }
    }
    return Score.mean(ok, n);
  }
}
