package io.github.tttvideo.core.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SequenceLayoutProperties {

  /** A small model: F latent frames per segment, a gh x gw patch grid, mini-batch k, Tt >= tt. */
  static ModelConfig config(int f, int gh, int gw, int k, int tt) {
    return new ModelConfig("prop", 8, 2, 1, TttVariant.MLP, k, 0.1, 2, 4, 8, 8, 0.1, 10000, 8,
        4, 2 * gh, 2 * gw, tt, Map.of(), 64, 16, 4 * f);
  }

  static SequenceLayout layout(int n, int f, int gh, int gw, int k, int tt) {
    try {
      return SequenceLayout.of(n, config(f, gh, gw, k, tt));
    } catch (InvalidInputException e) {
      Assume.that(false); // no text length fits this mini-batch size; checked separately
      throw e;
    }
  }

  @Property
  void interleaveThenUndoIsTheIdentity(
      @ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll @IntRange(min = 1, max = 4) int f,
      @ForAll @IntRange(min = 1, max = 3) int gh,
      @ForAll @IntRange(min = 1, max = 3) int gw,
      @ForAll @IntRange(min = 0, max = 3) int logK,
      @ForAll @IntRange(min = 1, max = 6) int tt,
      @ForAll @IntRange(min = 1, max = 3) int width,
      @ForAll long seed) {
    SequenceLayout l = layout(n, f, gh, gw, 1 << logK, tt);
    Random r = new Random(seed);
    float[] x = new float[l.totalTokens() * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    assertArrayEquals(x, l.undoInterleave(l.interleave(x, width), width));
    // a bijection: TokenPermutation.of checks every index appears once
    TokenPermutation.of(l.interleaving().sources());
    assertEquals(n == 1, l.interleaving().isIdentity());
  }

  @Property
  void eachSegmentOccupiesItsRangeOfTheScan(
      @ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll @IntRange(min = 1, max = 4) int f,
      @ForAll @IntRange(min = 1, max = 3) int gh,
      @ForAll @IntRange(min = 1, max = 3) int gw,
      @ForAll @IntRange(min = 1, max = 6) int tt) {
    SequenceLayout l = layout(n, f, gh, gw, 1, tt);
    TokenPermutation scan = l.interleaving();
    int s0 = gh * gw;
    int tps = l.textTokensPerSegment();
    int initOffset = (f + 1) * s0 + tps; // reference 6.2
    int baseOffset = f * s0 + tps;
    for (SegmentSpan s : l.segmentSpans()) {
      int i = s.index();
      assertEquals(i == 0 ? 0 : initOffset + (i - 1) * baseOffset, s.scanStart());
      for (int j = 0; j < s.textTokens(); j++) {
        assertEquals(s.index() * l.textTokensPerSegment() + j, scan.source(s.scanStart() + j));
      }
      for (int j = 0; j < s.videoTokens(); j++) {
        assertEquals(s.videoStart() + j, scan.source(s.scanStart() + s.textTokens() + j));
      }
    }
  }

  @Property
  void tokenCountsAddUp(
      @ForAll @IntRange(min = 1, max = 21) int n,
      @ForAll @IntRange(min = 1, max = 12) int f,
      @ForAll @IntRange(min = 1, max = 5) int gh,
      @ForAll @IntRange(min = 1, max = 5) int gw,
      @ForAll @IntRange(min = 0, max = 6) int logK,
      @ForAll @IntRange(min = 1, max = 40) int tt) {
    int k = 1 << logK;
    SequenceLayout l = layout(n, f, gh, gw, k, tt);
    int s = gh * gw;
    assertEquals(f * n + 1, l.latentFrames());
    assertEquals(l.textTokens() + l.videoTokens(), l.totalTokens());
    assertEquals(0, l.totalTokens() % k);
    assertEquals(l.totalTokens(), l.segmentSpans().stream().mapToInt(SegmentSpan::tokens).sum());
    assertEquals(l.latentFrames(),
        l.segmentSpans().stream().mapToInt(SegmentSpan::latentFrames).sum());
    assertEquals(l.videoTokens() + (n - 1) * s,
        l.attentionWindows().stream().mapToInt(AttentionWindow::videoTokens).sum());
    assertTrue(l.textTokensPerSegment() >= tt && l.textTokensPerSegment() < tt + k);
  }

  @Property
  void textRuleTakesTheSmallestFitOrProvesThereIsNone(
      @ForAll @IntRange(min = 1, max = 21) int n,
      @ForAll @IntRange(min = 1, max = 5) int gh,
      @ForAll @IntRange(min = 1, max = 5) int gw,
      @ForAll @IntRange(min = 0, max = 6) int logK,
      @ForAll @IntRange(min = 1, max = 40) int tt) {
    int k = 1 << logK;
    ModelConfig c = config(12, gh, gw, k, tt);
    long video = (12L * n + 1) * gh * gw;
    int first = -1;
    for (int t = tt; t < tt + k && first < 0; t++) {
      if ((n * (long) t + video) % k == 0) {
        first = t;
      }
    }
    if (first < 0) {
      int n0 = n;
      org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
          () -> TextTokenRule.textTokensPerSegment(n0, c));
    } else {
      assertEquals(first, TextTokenRule.textTokensPerSegment(n, c));
    }
  }

  @Property
  void everyVideoTokenIsInOneWindowExceptSharedFramesInTwo(
      @ForAll @IntRange(min = 1, max = 10) int n,
      @ForAll @IntRange(min = 1, max = 6) int f,
      @ForAll @IntRange(min = 1, max = 2) int gh,
      @ForAll @IntRange(min = 1, max = 2) int gw) {
    SequenceLayout l = layout(n, f, gh, gw, 1, 1);
    int s = gh * gw;
    for (int p = 0; p < l.videoTokens(); p++) {
      int t = p / s;
      int covering = 0;
      for (AttentionWindow w : l.attentionWindows()) {
        if (w.covers(t)) {
          covering++;
          int local = p - w.videoStart();
          assertTrue(local >= 0 && local < w.videoTokens());
        }
      }
      boolean shared = t % f == 0 && t / f >= 1 && t / f < n;
      assertEquals(shared ? 2 : 1, covering, "frame " + t);
      assertEquals(covering, l.windowsOfVideoToken(p).length);
      for (int w : l.windowsOfVideoToken(p)) {
        assertTrue(l.attentionWindows().get(w).covers(t));
      }
    }
  }

  @Property
  void reversingTextChunksAndVideoTwiceIsTheIdentity(
      @ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll @IntRange(min = 1, max = 3) int f,
      @ForAll @IntRange(min = 1, max = 3) int gh,
      @ForAll @IntRange(min = 1, max = 6) int tt,
      @ForAll long seed) {
    SequenceLayout l = layout(n, f, gh, 2, 1, tt);
    TokenPermutation rev = l.reversal();
    double[] x = new Random(seed).doubles(l.totalTokens() * 2L).toArray();
    assertArrayEquals(x, rev.apply(rev.apply(x, 2), 2));
    assertEquals(rev, rev.inverse());
    // text chunks keep their inner order; the video is mirrored
    int tps = l.textTokensPerSegment();
    assertEquals((n - 1) * tps, rev.source(0));
    assertEquals(l.totalTokens() - 1, rev.source(l.textTokens()));
    if (l.totalTokens() > 1) {
      assertNotEquals(rev.source(0), rev.source(l.totalTokens() - 1));
    }
  }

  @Property
  void ropeLocalPositionsAreGlobalMinusWindowStart(
      @ForAll @IntRange(min = 1, max = 6) int n,
      @ForAll @IntRange(min = 1, max = 4) int f,
      @ForAll @IntRange(min = 1, max = 3) int gh,
      @ForAll @IntRange(min = 1, max = 3) int gw) {
    SequenceLayout l = layout(n, f, gh, gw, 1, 1);
    int[][] g = l.globalRopePositions();
    for (AttentionWindow w : l.attentionWindows()) {
      int[][] loc = l.windowRopePositions(w.index());
      for (int j = 0; j < w.videoTokens(); j++) {
        int p = w.videoStart() + j;
        assertEquals(g[0][p] - w.firstFrame(), loc[0][j]);
        assertEquals(g[1][p], loc[1][j]);
        assertEquals(g[2][p], loc[2][j]);
        assertTrue(loc[0][j] >= 0 && loc[0][j] <= f);
      }
    }
  }
}
