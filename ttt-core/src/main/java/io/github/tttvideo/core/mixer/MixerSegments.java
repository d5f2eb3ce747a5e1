package io.github.tttvideo.core.mixer;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.ttt.TttSequence;

/**
 * Which 3-second segment every token of a sequence belongs to, and where the segments lie in the
 * TTT scan order (text_0, video_0, text_1, video_1, ...), where each segment is one contiguous
 * range. The attention mixers use it: a sliding window attends the segments {@code i - w .. i +
 * w} of a token's segment i.
 *
 * <p>Text token j belongs to segment {@code j / Tt}. Video frames are split as the reference's
 * offsets (section 6.2): with {@code F = Nf / n}, the first segment owns {@code Nf - (n - 1) F}
 * frames (13 of 37 for 3 segments: the VAE's extra first frame), every later one F.
 *
 * @param segmentOf segment of each token, text-first order [L]
 * @param scanStart first scan position of each segment, plus the length: [n + 1]
 * @since 0.1.0
 */
public record MixerSegments(int[] segmentOf, int[] scanStart) {

  /**
   * The segments of a sequence.
   *
   * @param seq the sequence
   * @return the segment index and scan ranges
   * @throws InvalidInputException if the scan order does not visit the segments one after the
   *     other
   */
  public static MixerSegments of(TttSequence seq) {
    int n = seq.segments();
    int len = seq.length();
    int text = seq.textTokens();
    int perFrame = seq.gridH() * seq.gridW();
    int frames = seq.frames();
    int f = Math.max(1, frames / n);
    int first = frames - (n - 1) * f;
    int[] seg = new int[len];
    for (int i = 0; i < text; i++) {
      seg[i] = i / seq.textPerSegment();
    }
    for (int p = 0; p < seq.videoTokens(); p++) {
      int t = p / perFrame;
      seg[text + p] = t < first ? 0 : Math.min(n - 1, 1 + (t - first) / f);
    }
    int[] start = new int[n + 1];
    int[] order = seq.scanOrder();
    int prev = 0;
    int[] count = new int[n];
    for (int q = 0; q < len; q++) {
      int s = seg[order == null ? q : order[q]];
      if (s < prev) {
        throw new InvalidInputException("scan order visits segment " + s + " after segment "
            + prev + " at position " + q + "; the segments must be contiguous");
      }
      prev = s;
      count[s]++;
    }
    for (int s = 0; s < n; s++) {
      start[s + 1] = start[s] + count[s];
    }
    return new MixerSegments(seg, start);
  }

  /**
   * Number of segments.
   *
   * @return n
   */
  public int segments() {
    return scanStart.length - 1;
  }

  /**
   * The segment range a token of segment {@code s} attends with a window of {@code w} segments.
   *
   * @param s segment
   * @param window w (segments on each side)
   * @return {first segment, last segment}, both inclusive
   */
  public int[] window(int s, int window) {
    return new int[] {Math.max(0, s - window), Math.min(segments() - 1, s + window)};
  }
}
