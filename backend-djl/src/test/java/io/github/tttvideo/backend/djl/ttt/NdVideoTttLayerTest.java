package io.github.tttvideo.backend.djl.ttt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.TinyModels;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.ttt.BidirectionalTttBlock;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.JavaTttKernel;
import io.github.tttvideo.core.ttt.SequenceReversal;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.TttKernels;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.ttt.VideoTttLayer;
import io.github.tttvideo.core.ttt.VideoTttParams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DJL TTT layer and bidirectional block against ttt-core's oracle on random inputs, float32.
 * Relative error = max |djl - core| / max |core| over the whole output.
 */
class NdVideoTttLayerTest {

  static final double TOLERANCE = 1e-5;

  /** Core parameters with non-trivial norms, biases and learning rates. */
  static VideoTttParams params(TttConfig cfg, long seed) {
    VideoTttParams p = VideoTttParams.init(cfg, seed);
    int h = cfg.heads();
    int d = cfg.headDim();
    InnerWeights in = p.inner();
    float[] b1 = TinyModels.gaussian(in.b1().length, seed + 1, 0.1);
    float[] b2 = in.w2() == null ? null : TinyModels.gaussian(in.b2().length, seed + 2, 0.1);
    float[] w1 = TinyModels.gaussian(in.w1().length, seed + 7, 0.3);
    float[] w2 = in.w2() == null ? null : TinyModels.gaussian(in.w2().length, seed + 8, 0.3);
    InnerWeights inner = new InnerWeights(in.variant(), in.slots(), in.headDim(), in.hidden(),
        w1, b1, w2, b2);
    float[] lnW = TinyModels.gaussian(h * d, seed + 3, 0.2);
    for (int i = 0; i < lnW.length; i++) {
      lnW[i] += 1f;
    }
    float[] lrW = TinyModels.gaussian(h * cfg.width(), seed + 9, 0.3);
    return new VideoTttParams(cfg, p.wq(), p.bq(), p.wk(), p.bk(), p.wv(), p.bv(), p.wo(), p.bo(),
        lrW, TinyModels.gaussian(h, seed + 4, 0.5), lnW, TinyModels.gaussian(h * d, seed + 5, 0.1),
        TinyModels.gaussian(cfg.width(), seed + 6, 0.1), p.postNormBias(), inner);
  }

  static TttConfig config(TttVariant v) {
    // a large base lr so that the inner updates change the outputs visibly
    return TttConfig.video(v, 2, 16).withMiniBatch(16).withBaseLr(v == TttVariant.MLP ? 5 : 10);
  }

  static TttSequence sequence(int segments) {
    return SequenceLayout.of(segments, TinyModels.config(
        io.github.tttvideo.core.ttt.TttVariant.MLP, 1, 16)).toTttSequence();
  }

  @ParameterizedTest(name = "{0}, {1} segments, batch {2}")
  @CsvSource({"LINEAR, 1, 1", "LINEAR, 3, 2", "MLP, 1, 2", "MLP, 3, 1"})
  void forwardAndReversedPassesMatchTheCoreLayer(TttVariant v, int segments, int batch) {
    TttConfig cfg = config(v);
    VideoTttParams p = params(cfg, 11);
    TttSequence seq = sequence(segments);
    int len = seq.length();
    float[] x = TinyModels.gaussian(batch * len * cfg.width(), 5, 1.0);
    VideoTttLayer core = new VideoTttLayer(p, new JavaTttKernel(1));
    float[] refFwd = core.forward(x, batch, seq);
    int[] perm = SequenceReversal.permutation(seq);
    float[] refBwd = SequenceReversal.apply(
        core.forward(SequenceReversal.apply(x, batch, cfg.width(), perm), batch, seq), batch,
        cfg.width(), perm);
    try (NDManager m = NDManager.newBaseManager()) {
      NdTttSequence s = new NdTttSequence(seq, cfg.headDim(), cfg.ropeTheta(), m);
      NDArray in = m.create(x, new Shape(batch, len, cfg.width()));
      // the NDArray scan, and the Java-kernel scan behind the same DJL projections
      for (NdVideoTttLayer layer : new NdVideoTttLayer[] {
          new NdVideoTttLayer(cfg, NdTttWeights.fromCore(p, m)),
          new NdVideoTttLayer(cfg, NdTttWeights.fromCore(p, m), new JavaTttKernel(2))}) {
        double eF = TinyModels.relativeError(layer.forward(in, s, false).toFloatArray(), refFwd);
        double eB = TinyModels.relativeError(layer.forward(in, s, true).toFloatArray(), refBwd);
        System.out.printf("TTT-%s n=%d B=%d: forward %.2e, reversed %.2e%n", v, segments, batch,
            eF, eB);
        assertTrue(eF < TOLERANCE, "forward relative error " + eF);
        assertTrue(eB < TOLERANCE, "reversed relative error " + eB);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"LINEAR", "MLP"})
  void bidirectionalBlockMatchesTheCoreBlock(TttVariant v) {
    TttConfig cfg = config(v);
    VideoTttParams p = params(cfg, 21);
    TttSequence seq = sequence(2);
    int w = cfg.width();
    float[][] g = new float[4][];
    for (int i = 0; i < 4; i++) {
      g[i] = TinyModels.gaussian(w, 30 + i, 1.0);
    }
    float[] x = TinyModels.gaussian(seq.length() * w, 8, 1.0);
    float[] ref = new BidirectionalTttBlock(new VideoTttLayer(p, new JavaTttKernel(1)),
        new TttGates(g[0], g[1], g[2], g[3])).forward(x, 1, seq);
    try (NDManager m = NDManager.newBaseManager()) {
      NdSequenceBlock block = new NdSequenceBlock(
          new NdVideoTttLayer(cfg, NdTttWeights.fromCore(p, m)), m.create(g[0]), m.create(g[1]),
          m.create(g[2]), m.create(g[3]));
      NdTttSequence s = new NdTttSequence(seq, cfg.headDim(), cfg.ropeTheta(), m);
      float[] out = block.forward(m.create(x, new Shape(1, seq.length(), w)), s,
          NdSequenceBlock.Timer.NONE).toFloatArray();
      double e = TinyModels.relativeError(out, ref);
      System.out.printf("bidirectional TTT-%s block: %.2e%n", v, e);
      assertTrue(e < TOLERANCE, "block relative error " + e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"LINEAR", "MLP"})
  void djlKernelThroughTheCoreSpiMatchesTheJavaKernel(TttVariant v) {
    TttConfig cfg = config(v);
    VideoTttParams p = params(cfg, 41);
    TttSequence seq = sequence(3);
    float[] x = TinyModels.gaussian(seq.length() * cfg.width(), 9, 1.0);
    float[] ref = new VideoTttLayer(p, new JavaTttKernel(1)).forward(x, 1, seq);
    String old = System.getProperty(TttKernels.PIN_PROPERTY);
    System.setProperty(TttKernels.PIN_PROPERTY, "djl");
    try {
      var kernel = TttKernels.load();
      assertTrue(kernel instanceof DjlTttKernel, kernel.name());
      double e = TinyModels.relativeError(new VideoTttLayer(p, kernel).forward(x, 1, seq), ref);
      assertTrue(e < TOLERANCE, "kernel relative error " + e);
    } finally {
      if (old == null) {
        System.clearProperty(TttKernels.PIN_PROPERTY);
      } else {
        System.setProperty(TttKernels.PIN_PROPERTY, old);
      }
    }
  }
}
