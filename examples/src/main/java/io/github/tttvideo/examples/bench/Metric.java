package io.github.tttvideo.examples.bench;

import java.util.function.ToDoubleFunction;

/** The quantities the consistency benchmark reports per render, with how to show them. */
enum Metric {
  /** Identity consistency of docs/toon-world.md. */
  IDENTITY("identity consistency", "identity-consistency", "%", 100, 1, true,
      BenchmarkRow::identity),
  /** Event memory. */
  EVENT("event memory", "event-memory", "%", 100, 1, true, BenchmarkRow::event),
  /** Text following. */
  TEXT("text following", "text-following", "%", 100, 1, true, BenchmarkRow::text),
  /** Boundary continuity: mean jump of a character's centre across a segment boundary. */
  JUMP("boundary jump", "boundary-jump", "px", 1, 2, false, BenchmarkRow::jumpPx),
  /** Per-frame quality. */
  QUALITY("per-frame quality", "per-frame-quality", "%", 100, 1, true, BenchmarkRow::quality),
  /** Tom's first-named fur, read on frames that pass the quality check only. */
  FUR_LATER("Tom's fur later (quality-gated)", "fur-later", "%", 100, 1, true,
      BenchmarkRow::furLater),
  /** Render time per video, model load excluded. */
  RENDER_TIME("render time per video", "render-time", "s", 1, 1, false, BenchmarkRow::renderS),
  /** CPU time of the process during the render, all threads. */
  CPU_TIME("CPU time per video", "cpu-time", "s", 1, 1, false, BenchmarkRow::cpuS),
  /** Sampling time per denoising step. */
  STEP_TIME("time per denoising step", "step-time", "s", 1, 2, false,
      BenchmarkRow::secondsPerStep),
  /** Peak resident memory above the pre-render baseline. */
  RSS_INCREASE("peak RSS above baseline", "peak-rss", "MiB", 1, 0, false,
      BenchmarkRow::rssIncreaseMib),
  /** Peak resident memory. */
  PEAK_RSS("peak RSS", "peak-rss-total", "MiB", 1, 0, false, BenchmarkRow::peakRssMib),
  /** Peak Java heap. */
  PEAK_HEAP("peak Java heap", "peak-heap", "MiB", 1, 0, false, BenchmarkRow::peakHeapMib);

  final String title;
  final String file;
  final String unit;
  final double scale;
  final int decimals;
  final boolean share;
  private final ToDoubleFunction<BenchmarkRow> value;

  Metric(String title, String file, String unit, double scale, int decimals, boolean share,
      ToDoubleFunction<BenchmarkRow> value) {
    this.title = title;
    this.file = file;
    this.unit = unit;
    this.scale = scale;
    this.decimals = decimals;
    this.share = share;
    this.value = value;
  }

  /** The five metrics of docs/toon-world.md, in its order. */
  static final Metric[] FIVE = {IDENTITY, EVENT, TEXT, JUMP, QUALITY};

  /**
   * {@return the value of a row (NaN when the story gives nothing to measure)}
   *
   * @param row the row
   */
  double of(BenchmarkRow row) {
    return value.applyAsDouble(row);
  }

  /** {@return the heading with its unit, for example "identity consistency (%)"} */
  String heading() {
    return title + " (" + unit + ")";
  }
}
