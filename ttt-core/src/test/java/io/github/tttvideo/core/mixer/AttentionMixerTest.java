package io.github.tttvideo.core.mixer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionMixerTest {

  /** D 32, 2 heads (d 16), 4 x 4 patch grid, Tt 4, 12 latent frames per segment. */
  static ModelConfig tiny() {
    return new ModelConfig("tiny", 32, 2, 1, TttVariant.MLP, 16, 0.1, 2, 4, 16, 32, 0.1, 10000,
        8, 4, 8, 8, 4, Map.of(), 6, 16, 48, 2, 1e-6, 64, List.of(4, 4, 4, 4));
  }

  static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  static AttentionMixer mixer(SequenceMixer kind, int w) {
    return new AttentionMixer(AttentionMixerParams.random(32, 2, 3, 0.2), kind, w, 1e-6, 10000);
  }

  @Test
  void segmentsFollowTheReferenceOffsets() {
    SequenceLayout layout = SequenceLayout.of(3, tiny());
    MixerSegments s = MixerSegments.of(layout.toTttSequence());
    int tt = layout.textTokensPerSegment();
    int frame = layout.tokensPerFrame();
    // scan order: segment 0 = text + 13 frames, later ones text + 12 frames
    assertArrayEquals(new int[] {0, tt + 13 * frame, 2 * tt + 25 * frame,
        3 * tt + 37 * frame}, s.scanStart());
    assertEquals(2, s.segmentOf()[2 * tt]);
    assertEquals(0, s.segmentOf()[3 * tt + 12 * frame]);
    assertEquals(1, s.segmentOf()[3 * tt + 13 * frame]);
    assertArrayEquals(new int[] {0, 1}, s.window(0, 1));
    assertArrayEquals(new int[] {1, 2}, s.window(2, 1));
  }

  @Test
  void slidingWithAWindowAsWideAsTheVideoIsFullAttention() {
    TttSequence seq = SequenceLayout.of(3, tiny()).toTttSequence();
    float[] x = gaussian(2 * seq.length() * 32, 7);
    float[] full = mixer(SequenceMixer.FULL, 1).block(x, 2, seq);
    assertArrayEquals(full, mixer(SequenceMixer.SLIDING, 2).block(x, 2, seq));
    assertArrayEquals(full, mixer(SequenceMixer.SLIDING, 5).block(x, 2, seq));
    float[] narrow = mixer(SequenceMixer.SLIDING, 1).block(x, 2, seq);
    assertNotEquals(0, maxDiff(full, narrow));
  }

  @Test
  void aSlidingTokenIgnoresSegmentsOutsideItsWindow() {
    TttSequence seq = SequenceLayout.of(3, tiny()).toTttSequence();
    MixerSegments s = MixerSegments.of(seq);
    float[] x = gaussian(seq.length() * 32, 8);
    float[] y = mixer(SequenceMixer.SLIDING, 1).attend(x, 1, seq);
    float[] changed = x.clone();
    for (int i = 0; i < seq.length(); i++) {
      if (s.segmentOf()[i] == 2) {
        for (int c = 0; c < 32; c++) {
          changed[i * 32 + c] += 1f;
        }
      }
    }
    float[] y2 = mixer(SequenceMixer.SLIDING, 1).attend(changed, 1, seq);
    for (int i = 0; i < seq.length(); i++) {
      for (int c = 0; c < 32; c++) {
        if (s.segmentOf()[i] == 0) {
          assertEquals(y[i * 32 + c], y2[i * 32 + c], 0f, "segment 0 sees segment 2");
        }
      }
    }
  }

  @Test
  void zeroGatesLeaveTheInputUnchanged() {
    AttentionMixerParams r = AttentionMixerParams.random(32, 2, 3, 0.2);
    AttentionMixerParams p = new AttentionMixerParams(32, 2, r.wq(), r.bq(), r.wk(), r.bk(),
        r.wv(), r.bv(), r.wo(), r.bo(), r.normQWeight(), r.normQBias(), r.normKWeight(),
        r.normKBias(), new float[32], new float[32]);
    TttSequence seq = SequenceLayout.of(1, tiny()).toTttSequence();
    float[] x = gaussian(seq.length() * 32, 9);
    assertArrayEquals(x, new AttentionMixer(p, SequenceMixer.FULL, 1, 1e-6, 10000)
        .block(x, 1, seq));
  }

  @Test
  void onlyAttentionKindsAreAccepted() {
    assertThrows(InvalidInputException.class, () -> mixer(SequenceMixer.TTT_MLP, 1));
    assertThrows(InvalidInputException.class, () -> mixer(SequenceMixer.SLIDING, -1));
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
