package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the reversal, the gates and the video layer. */
class LayerPropertiesTest {

  /** A sequence of n segments (text tt each) with frames per segment, interleaved. */
  static TttSequence interleaved(int n, int tt, int framesPerSegment, int gh, int gw) {
    return TttSequence.uniformSegments(n, tt, framesPerSegment, gh, gw);
  }

  @Property(tries = 30)
  void reversingTwiceIsTheIdentity(
      @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 0, max = 5) int tt,
      @ForAll @IntRange(min = 1, max = 3) int frames, @ForAll long seed) {
    TttSequence seq = interleaved(n, tt, frames, 2, 3);
    int[] perm = SequenceReversal.permutation(seq);
    int width = 3;
    float[] x = Ttt64.randomFloats(new Random(seed), 2 * seq.length() * width, 1.0);
    float[] once = SequenceReversal.apply(x, 2, width, perm);
    assertArrayEquals(x, SequenceReversal.apply(once, 2, width, perm));
    for (int p = 0; p < perm.length; p++) {
      assertArrayEquals(new int[] {p}, new int[] {perm[perm[p]]});
    }
  }

  @Property(tries = 6)
  void zeroGatesRemoveTheTttBranchExactly(@ForAll long seed, @ForAll boolean mlp) {
    TttConfig cfg = TttConfig.video(mlp ? TttVariant.MLP : TttVariant.LINEAR, 2, 16)
        .withMiniBatch(8).withBaseLr(1.0);
    TttSequence seq = interleaved(2, 4, 1, 2, 2); // L = 8 + 8 = 16
    VideoTttLayer layer = new VideoTttLayer(VideoTttParams.init(cfg, seed), new JavaTttKernel(1));
    float[] x = Ttt64.randomFloats(new Random(seed), seq.length() * cfg.width(), 1.0);
    var all0 = new BidirectionalTttBlock(layer, TttGates.constant(cfg.width(), 0f));
    assertArrayEquals(x, all0.forward(x, 1, seq));
    float[] z = new float[cfg.width()];
    float[] a = VideoTttParams.ones(cfg.width());
    var bwd0 = new BidirectionalTttBlock(layer, new TttGates(a, a, z, z));
    BidirectionalTttBlock.Result r = bwd0.forwardDetailed(x, 1, seq);
    assertArrayEquals(r.afterForward(), r.output());
  }
}
