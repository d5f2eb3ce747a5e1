package io.github.tttvideo.core.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttSequence;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SequenceLayoutTest {

  private static final ModelConfig FIVE_B = ModelConfig.preset("5B");

  @ParameterizedTest(name = "{0} s")
  @CsvSource({
    "3, 1, 13, 49, 498, 18048",
    "9, 3, 37, 145, 502, 51456",
    "18, 6, 73, 289, 471, 101376",
    "30, 10, 121, 481, 497, 168320",
    "63, 21, 253, 1009, 458, 351168"
  })
  void fiveBCountsMatchTheOfficialConfigs(
      int seconds, int n, int frames, int pixels, int tt, int length) {
    SequenceLayout l = SequenceLayout.of(n, FIVE_B);
    assertEquals(seconds, l.durationSeconds());
    assertEquals(frames, l.latentFrames());
    assertEquals(pixels, l.pixelFrames());
    assertEquals(tt, l.textTokensPerSegment());
    assertEquals(length, l.totalTokens());
    assertEquals(0, l.totalTokens() % 64);
  }

  @Test
  void nineSecondSegmentsOwnThirteenThenTwelveFrames() {
    List<SegmentSpan> s = SequenceLayout.of(3, FIVE_B).segmentSpans();
    assertEquals(List.of(13, 12, 12), s.stream().map(SegmentSpan::latentFrames).toList());
    assertEquals(17550, s.get(0).videoTokens());
    assertEquals(16200, s.get(1).videoTokens());
    // 6.2: init_offset = 13*S + Tt, base_offset = 12*S + Tt
    assertEquals(17550 + 502, s.get(1).scanStart());
    assertEquals(17550 + 502 + 16200 + 502, s.get(2).scanStart());
    assertEquals(3 * 502 + 13 * 1350, s.get(1).videoStart());
  }

  @Test
  void otherLengthsTakeTheSmallestTextLengthThatFillsMiniBatches() {
    SequenceLayout two = SequenceLayout.of(2, FIVE_B);
    // video 25*1350 = 33750 = 22 mod 64; 2*Tt = 42 mod 64 -> Tt = 21 mod 32; smallest >= 458
    assertEquals(469, two.textTokensPerSegment());
    assertEquals(0, two.totalTokens() % 64);
    assertEquals(16, SequenceLayout.of(5, ModelConfig.preset("toon")).textTokensPerSegment());
  }

  @Test
  void impossibleMiniBatchFitIsAnErrorThatExplainsWhy() {
    String msg = assertThrows(InvalidInputException.class, () -> SequenceLayout.of(4, FIVE_B))
        .getMessage();
    assertTrue(msg.contains("gcd(4, 64) = 4") && msg.contains("4 segments"), msg);
  }

  @Test
  void storiesLongerThanTheModelAreRejected() {
    String msg = assertThrows(InvalidInputException.class, () -> SequenceLayout.of(22, FIVE_B))
        .getMessage();
    assertTrue(msg.contains("22 segments (66 s)") && msg.contains("at most 21"), msg);
    assertThrows(InvalidInputException.class, () -> SequenceLayout.of(0, FIVE_B));
  }

  @Test
  void sharedFramesBelongToTwoWindows() {
    SequenceLayout l = SequenceLayout.of(3, FIVE_B);
    assertArrayEquals(new int[] {0}, l.windowsOfFrame(0));
    assertArrayEquals(new int[] {0}, l.windowsOfFrame(11));
    assertArrayEquals(new int[] {0, 1}, l.windowsOfFrame(12));
    assertArrayEquals(new int[] {1}, l.windowsOfFrame(13));
    assertArrayEquals(new int[] {1, 2}, l.windowsOfFrame(24));
    assertArrayEquals(new int[] {2}, l.windowsOfFrame(36));
    AttentionWindow w = l.attentionWindows().get(1);
    assertEquals(12, w.firstFrame());
    assertEquals(13, w.frames());
    assertEquals(502 + 17550, w.length());
    assertArrayEquals(new int[] {0, 1}, l.windowsOfVideoToken(12 * 1350));
  }

  @Test
  void ropePositionsAreGlobalForTttAndLocalForAttention() {
    SequenceLayout l = SequenceLayout.of(2, ModelConfig.preset("toon"));
    int[][] g = l.globalRopePositions();
    int p = 13 * 16 + 5; // frame 13, row 1, column 1
    assertEquals(13, g[0][p]);
    assertEquals(1, g[1][p]);
    assertEquals(1, g[2][p]);
    int[][] local = l.windowRopePositions(1);
    assertEquals(13 * 16, local[0].length);
    assertEquals(1, local[0][p - 12 * 16]); // frame 13 is local frame 1 of window 1
    assertEquals(12, local[0][local[0].length - 1]);
  }

  @Test
  void tttSequenceCarriesScanOrderAndPositions() {
    SequenceLayout l = SequenceLayout.of(3, ModelConfig.preset("toon"));
    TttSequence s = l.toTttSequence();
    assertEquals(l.totalTokens(), s.length());
    assertEquals(3, s.segments());
    assertEquals(16, s.textPerSegment());
    assertEquals(37, s.frames());
    assertEquals(4, s.gridH());
    assertArrayEquals(l.interleaving().sources(), s.scanOrder());
    assertEquals(48, s.scanOrder()[16]); // after text_0 comes the first video token
    TttSequence single = SequenceLayout.of(1, ModelConfig.preset("toon")).toTttSequence();
    assertNull(single.scanOrder());
    assertEquals(TttSequence.singleSegment(16, 13, 4, 4), single);
  }

  @Test
  void interleaveOnRowsMatchesTheOfficialOrder() {
    SequenceLayout l = SequenceLayout.of(2, ModelConfig.preset("toon"));
    int width = 2;
    float[] x = new float[l.totalTokens() * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] inter = l.interleave(x, width);
    // scan: text_0 (16), video_0 (13*16), text_1 (16), video_1 (12*16)
    assertEquals(2 * 16 * width, inter[16 * width], 0); // first video token after text_0
    assertEquals(16 * width, inter[(16 + 208) * width], 0); // text_1 follows video_0
    assertArrayEquals(x, l.undoInterleave(inter, width));
  }
}
