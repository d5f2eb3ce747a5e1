package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the video layer around interleaving, eta and the kernel SPI. */
class VideoLayerTest {

  @Test
  void etaRowsAreEqualAndBoundedWithTheCleanRule() {
    TttConfig cfg = TttConfig.video(TttVariant.MLP, 2, 16).withMiniBatch(8).withBaseLr(0.1);
    TttSequence seq = LayerPropertiesTest.interleaved(2, 4, 1, 2, 2);
    VideoTttLayer layer = new VideoTttLayer(VideoTttParams.init(cfg, 3), new JavaTttKernel(1));
    float[] x = Ttt64.randomFloats(new Random(3), seq.length() * cfg.width(), 1.0);
    float[] eta = layer.forwardDetailed(x, 1, seq).scanInput().eta();
    double bound = cfg.baseLr() / cfg.headDim() / cfg.miniBatch();
    for (int blk = 0; blk < eta.length / 64; blk++) {
      for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
          float e = eta[blk * 64 + i * 8 + j];
          assertEquals(eta[blk * 64 + j], e, 0f);
          assertTrue(e > 0 && e < bound);
        }
      }
    }
  }

  @Test
  void etaQuirkOnlyMattersWhenTheScanOrderIsNotBlockAligned() {
    TttConfig cfg = TttConfig.video(TttVariant.LINEAR, 2, 16).withMiniBatch(4);
    // text 2 per segment, 4 video tokens per segment: segments are not aligned to K = 4
    TttSequence seq = LayerPropertiesTest.interleaved(2, 2, 1, 2, 2);
    VideoTttParams p = VideoTttParams.init(cfg, 5);
    float[] x = Ttt64.randomFloats(new Random(5), seq.length() * cfg.width(), 1.0);
    float[] clean = new VideoTttLayer(p, new JavaTttKernel(1)).forward(x, 1, seq);
    VideoTttParams pq = new VideoTttParams(cfg.withEtaQuirk(true), p.wq(), p.bq(), p.wk(),
        p.bk(), p.wv(), p.bv(), p.wo(), p.bo(), p.lrWeight(), p.lrBias(), p.lnWeight(),
        p.lnBias(), p.postNormWeight(), p.postNormBias(), p.inner());
    float[] quirk = new VideoTttLayer(pq, new JavaTttKernel(1)).forward(x, 1, seq);
    assertNotEquals(java.util.Arrays.toString(clean), java.util.Arrays.toString(quirk));
    TttSequence single = TttSequence.singleSegment(4, 3, 2, 2);
    float[] xs = Ttt64.randomFloats(new Random(6), single.length() * cfg.width(), 1.0);
    assertArrayEquals(new VideoTttLayer(p, new JavaTttKernel(1)).forward(xs, 1, single),
        new VideoTttLayer(pq, new JavaTttKernel(1)).forward(xs, 1, single));
  }

  @Test
  void threadCountDoesNotChangeTheResult() {
    TttConfig cfg = TttConfig.video(TttVariant.MLP, 4, 16).withMiniBatch(8);
    TttSequence seq = LayerPropertiesTest.interleaved(2, 4, 1, 2, 2);
    VideoTttParams p = VideoTttParams.init(cfg, 9);
    float[] x = Ttt64.randomFloats(new Random(9), 2 * seq.length() * cfg.width(), 1.0);
    assertArrayEquals(new VideoTttLayer(p, new JavaTttKernel(1)).forward(x, 2, seq),
        new VideoTttLayer(p, new JavaTttKernel(2)).forward(x, 2, seq));
  }

  @Test
  void serviceLoaderFindsTheJavaKernel() {
    assertEquals("java", TttKernels.load().name());
  }

  @Test
  void batchElementsAreIndependent() {
    TttConfig cfg = TttConfig.video(TttVariant.LINEAR, 2, 16).withMiniBatch(8);
    TttSequence seq = TttSequence.singleSegment(8, 2, 2, 2);
    VideoTttLayer layer = new VideoTttLayer(VideoTttParams.init(cfg, 2), new JavaTttKernel(2));
    int n = seq.length() * cfg.width();
    float[] x = Ttt64.randomFloats(new Random(2), 2 * n, 1.0);
    float[] both = layer.forward(x, 2, seq);
    float[] second = layer.forward(java.util.Arrays.copyOfRange(x, n, 2 * n), 1, seq);
    assertArrayEquals(second, java.util.Arrays.copyOfRange(both, n, 2 * n));
  }
}
