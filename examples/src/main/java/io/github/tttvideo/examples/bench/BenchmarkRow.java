package io.github.tttvideo.examples.bench;

import java.util.List;
import java.util.Locale;

/**
 * One render of the consistency benchmark: which model, story and length, the five toon-world
 * metrics (NaN where the story gives nothing to measure) with their measurement counts, and the
 * render's time and memory. One line of the raw-results CSV.
 *
 * @param model the display label (for example {@code ttt-mlp})
 * @param ref the model name or directory as given
 * @param config the model config's name
 * @param segments the story length in 3-second segments
 * @param story the story index k
 * @param storySeed the story seed
 * @param noiseSeed the render seed (the same for every model)
 * @param steps denoising steps
 * @param sampler the sampler id
 * @param guidance the guidance schedule and scale
 * @param identity identity consistency, a share
 * @param identityN segments it is over
 * @param event event memory, a share
 * @param eventN (event, later segment) pairs
 * @param text text following, a share
 * @param textN segments
 * @param jumpPx boundary continuity, mean jump in pixels
 * @param jumpN boundaries measured
 * @param quality per-frame quality, a share
 * @param qualityN frames
 * @param furLater Tom's first-named fur in later unfloured segments, read only on frames that pass
 *     the quality check (the noise-proof variant of identity consistency, docs/evaluation.md)
 * @param furLaterN segments
 * @param loadS seconds from the call to the model being loaded (not part of the render time)
 * @param renderS seconds from the model being loaded to the last frame decoded
 * @param samplingS of which sampling (all denoising steps)
 * @param decodeS of which decoding
 * @param cpuS CPU time of the whole process (all threads, native ones included) over the render
 *     time: less sensitive than the wall time to other programs sharing the machine
 * @param rssBaseMib resident memory just before the render, MiB
 * @param peakRssMib peak resident memory during the render (model load included), MiB
 * @param peakHeapMib peak Java heap during the render (garbage included), MiB
 */
public record BenchmarkRow(String model, String ref, String config, int segments, int story,
    long storySeed, long noiseSeed, int steps, String sampler, String guidance,
    double identity, int identityN, double event, int eventN, double text, int textN,
    double jumpPx, int jumpN, double quality, int qualityN, double furLater, int furLaterN,
    double loadS, double renderS, double samplingS, double decodeS, double cpuS,
    double rssBaseMib, double peakRssMib, double peakHeapMib) {

  /** The CSV header, the record's components in order. */
  public static final List<String> COLUMNS = List.of("model", "ref", "config", "segments",
      "story", "story_seed", "noise_seed", "steps", "sampler", "guidance",
      "identity", "identity_n", "event", "event_n", "text", "text_n", "jump_px", "jump_n",
      "quality", "quality_n", "fur_later", "fur_later_n",
      "load_s", "render_s", "sampling_s", "decode_s", "cpu_s",
      "rss_base_mib", "peak_rss_mib", "peak_heap_mib");

  /** Checks that the text fields fit in a CSV cell without quoting. */
  public BenchmarkRow {
    for (String s : List.of(model, ref, config, sampler, guidance)) {
      if (s.indexOf(',') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('"') >= 0) {
        throw new IllegalArgumentException("no commas, quotes or newlines in a CSV field: " + s);
      }
    }
  }

  /** {@return the video length in seconds (3 per segment)} */
  public int videoSeconds() {
    return 3 * segments;
  }

  /** {@return seconds per denoising step (each step is a conditional and an unconditional pass)} */
  public double secondsPerStep() {
    return samplingS / steps;
  }

  /** {@return the peak resident memory above the pre-render baseline, MiB} */
  public double rssIncreaseMib() {
    return peakRssMib - rssBaseMib;
  }

  /** {@return the resume key: model label, length and story seed} */
  public String key() {
    return key(model, segments, storySeed);
  }

  /**
   * {@return the resume key of a (model, length, story)}
   *
   * @param model the label
   * @param segments the length
   * @param storySeed the story seed
   */
  public static String key(String model, int segments, long storySeed) {
    return model + "|" + segments + "|" + storySeed;
  }

  /** {@return the row as one CSV line, without the line break} */
  public String toCsv() {
    return String.join(",", model, ref, config, Integer.toString(segments),
        Integer.toString(story), Long.toString(storySeed), Long.toString(noiseSeed),
        Integer.toString(steps), sampler, guidance,
        num(identity), Integer.toString(identityN), num(event), Integer.toString(eventN),
        num(text), Integer.toString(textN), num(jumpPx), Integer.toString(jumpN),
        num(quality), Integer.toString(qualityN), num(furLater), Integer.toString(furLaterN),
        num(loadS), num(renderS), num(samplingS), num(decodeS), num(cpuS),
        num(rssBaseMib), num(peakRssMib), num(peakHeapMib));
  }

  /**
   * Parses a line written by {@link #toCsv()}.
   *
   * @param line the line
   * @return the row
   * @throws IllegalArgumentException if the line has the wrong number of fields or a bad number
   */
  public static BenchmarkRow parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != COLUMNS.size()) {
      throw new IllegalArgumentException("expected " + COLUMNS.size() + " fields, got "
          + f.length + ": " + line);
    }
    int i = 0;
    return new BenchmarkRow(f[i++], f[i++], f[i++], Integer.parseInt(f[i++]),
        Integer.parseInt(f[i++]), Long.parseLong(f[i++]), Long.parseLong(f[i++]),
        Integer.parseInt(f[i++]), f[i++], f[i++],
        Double.parseDouble(f[i++]), Integer.parseInt(f[i++]),
        Double.parseDouble(f[i++]), Integer.parseInt(f[i++]),
        Double.parseDouble(f[i++]), Integer.parseInt(f[i++]),
        Double.parseDouble(f[i++]), Integer.parseInt(f[i++]),
        Double.parseDouble(f[i++]), Integer.parseInt(f[i++]),
        Double.parseDouble(f[i++]), Integer.parseInt(f[i++]),
        Double.parseDouble(f[i++]), Double.parseDouble(f[i++]), Double.parseDouble(f[i++]),
        Double.parseDouble(f[i++]), Double.parseDouble(f[i++]), Double.parseDouble(f[i++]),
        Double.parseDouble(f[i++]), Double.parseDouble(f[i]));
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
  }
}
