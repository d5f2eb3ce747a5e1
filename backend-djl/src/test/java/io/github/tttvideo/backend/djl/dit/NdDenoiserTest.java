package io.github.tttvideo.backend.djl.dit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.TinyModels;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.backend.djl.ttt.NdTttWeights;
import io.github.tttvideo.backend.djl.ttt.NdVideoTttLayer;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.ttt.Rope;
import io.github.tttvideo.core.ttt.TttSequence;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attention windows, gates and the whole denoiser on tiny random models. */
class NdDenoiserTest {

  private static final ModelConfig CONFIG = TinyModels.config(TttVariant.MLP, 1, 16);

  private static NdDenoiser net(Map<String, NDArray> w) {
    return new NdDenoiser(CONFIG, w::get);
  }

  @Test
  void oneSegmentLocalAttentionIsFullAttention() {
    SequenceLayout layout = SequenceLayout.of(1, CONFIG);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = TinyModels.arrays(CONFIG, 3, m);
      int width = CONFIG.width();
      float[] x = TinyModels.gaussian(layout.totalTokens() * width, 4, 1.0);
      NDArray all = m.create(x, new Shape(layout.totalTokens(), width));
      int text = layout.textTokens();
      NDArray out = net(w).localAttention(0, all.get(":" + text), all.get(text + ":"),
          new NdWindows(layout, CONFIG.ropeTheta(), m));
      float[] ref = fullAttention(x, layout, w);
      double e = TinyModels.relativeError(out.toFloatArray(), ref);
      assertTrue(e < 1e-5, "relative error " + e);
    }
  }

  /** Plain-Java attention over the whole sequence (the n = 1 window), RoPE t = frame. */
  private static float[] fullAttention(float[] x, SequenceLayout layout, Map<String, NDArray> w) {
    int len = layout.totalTokens();
    int width = CONFIG.width();
    int heads = CONFIG.heads();
    int d = CONFIG.headDim();
    float[] q = dense(x, len, w.get("blocks.0.attn.to_q.weight"), w.get("blocks.0.attn.to_q.bias"));
    float[] k = dense(x, len, w.get("blocks.0.attn.to_k.weight"), w.get("blocks.0.attn.to_k.bias"));
    float[] v = dense(x, len, w.get("blocks.0.attn.to_v.weight"), w.get("blocks.0.attn.to_v.bias"));
    TttSequence seq = layout.toTttSequence();
    float[][] rope = Rope.videoTable(seq, d, CONFIG.ropeTheta());
    float[] gq = w.get("blocks.0.attn.norm_q.weight").toFloatArray();
    float[] bq = w.get("blocks.0.attn.norm_q.bias").toFloatArray();
    float[] gk = w.get("blocks.0.attn.norm_k.weight").toFloatArray();
    float[] bk = w.get("blocks.0.attn.norm_k.bias").toFloatArray();
    int text = layout.textTokens();
    for (int l = 0; l < len; l++) {
      for (int h = 0; h < heads; h++) {
        int off = l * width + h * d;
        layerNorm(q, off, d, gq, bq);
        layerNorm(k, off, d, gk, bk);
        if (l >= text) {
          Rope.rotate(q, off, d, rope[0], rope[1], (l - text) * (d / 2));
          Rope.rotate(k, off, d, rope[0], rope[1], (l - text) * (d / 2));
        }
      }
    }
    float[] o = new float[len * width];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < len; i++) {
        double[] s = new double[len];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          double dot = 0;
          for (int c = 0; c < d; c++) {
            dot += q[i * width + h * d + c] * k[j * width + h * d + c];
          }
          s[j] = dot / Math.sqrt(d);
          max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
          s[j] = Math.exp(s[j] - max);
          sum += s[j];
        }
        for (int c = 0; c < d; c++) {
          double acc = 0;
          for (int j = 0; j < len; j++) {
            acc += s[j] / sum * v[j * width + h * d + c];
          }
          o[i * width + h * d + c] = (float) acc;
        }
      }
    }
    return dense(o, len, w.get("blocks.0.attn.to_out.weight"), w.get("blocks.0.attn.to_out.bias"));
  }

  private static float[] dense(float[] x, int rows, NDArray weight, NDArray bias) {
    float[] wt = weight.toFloatArray();
    float[] b = bias.toFloatArray();
    int out = b.length;
    int in = wt.length / out;
    float[] y = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double acc = b[o];
        for (int i = 0; i < in; i++) {
          acc += x[r * in + i] * wt[o * in + i];
        }
        y[r * out + o] = (float) acc;
      }
    }
    return y;
  }

  private static void layerNorm(float[] x, int off, int n, float[] g, float[] b) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[off + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      var += (x[off + i] - mean) * (x[off + i] - mean);
    }
    var /= n;
    for (int i = 0; i < n; i++) {
      x[off + i] = (float) ((x[off + i] - mean) / Math.sqrt(var + 1e-6) * g[i] + b[i]);
    }
  }

  @Test
  void laterSegmentTextReachesSegmentZeroOnlyThroughTtt() {
    SequenceLayout layout = SequenceLayout.of(3, CONFIG);
    int width = CONFIG.width();
    int len = layout.totalTokens();
    int tt = layout.textTokensPerSegment();
    int text = layout.textTokens();
    float[] x = TinyModels.gaussian(len * width, 5, 1.0);
    float[] changed = x.clone();
    for (int i = 2 * tt * width; i < 3 * tt * width; i++) {
      changed[i] += 1f; // segment 2's text
    }
    // segment 0's outputs: its text and latent frames 0 .. F (window 0)
    int f = CONFIG.latentFramesPerSegment();
    int s = CONFIG.tokensPerFrame();
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = TinyModels.arrays(CONFIG, 6, m);
      NdDenoiser net = net(w);
      NdWindows windows = new NdWindows(layout, CONFIG.ropeTheta(), m);
      NdTttSequence ttt = new NdTttSequence(layout.toTttSequence(), CONFIG.headDim(),
          CONFIG.ropeTheta(), m);
      NDArray a0 = attention(net, m, x, layout, windows);
      NDArray a1 = attention(net, m, changed, layout, windows);
      float[][] seg0 = {segmentZero(a0, tt, text, f, s), segmentZero(a1, tt, text, f, s)};
      assertArrayEquals(seg0[0], seg0[1], "local attention of segment 0 changed");
      float[] all0 = a0.toFloatArray();
      float[] all1 = a1.toFloatArray();
      assertTrue(maxDiff(all0, all1) > 1e-3, "segment 2's own attention output must change");
      NdSequenceBlock block = net.sequenceBlock(0);
      NDArray z0 = block.forward(a0.expandDims(0), ttt, NdSequenceBlock.Timer.NONE).squeeze(0);
      NDArray z1 = block.forward(a1.expandDims(0), ttt, NdSequenceBlock.Timer.NONE).squeeze(0);
      double diff = maxDiff(segmentZero(z0, tt, text, f, s), segmentZero(z1, tt, text, f, s));
      assertTrue(diff > 1e-6, "the reversed TTT pass must carry segment 2 to segment 0: " + diff);
    }
  }

  private static NDArray attention(NdDenoiser net, NDManager m, float[] x, SequenceLayout layout,
      NdWindows windows) {
    NDArray all = m.create(x, new Shape(layout.totalTokens(), CONFIG.width()));
    int text = layout.textTokens();
    return net.localAttention(0, all.get(":" + text), all.get(text + ":"), windows);
  }

  private static float[] segmentZero(NDArray a, int tt, int text, int f, int s) {
    float[] t = a.get(":" + tt).toFloatArray();
    float[] v = a.get(text + ":" + (text + (f + 1) * s)).toFloatArray();
    float[] out = new float[t.length + v.length];
    System.arraycopy(t, 0, out, 0, t.length);
    System.arraycopy(v, 0, out, t.length, v.length);
    return out;
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void sharedFrameGetsTheMeanOfItsTwoWindows() {
    // Tt = 16 for one and two segments, so a window can run alone as a one-segment story
    ModelConfig C16 = TinyModels.config(TttVariant.MLP, 1, 16, Map.of(1, 16, 2, 16));
    SequenceLayout layout = SequenceLayout.of(2, C16);
    int width = C16.width();
    int tt = layout.textTokensPerSegment();
    int f = C16.latentFramesPerSegment();
    int s = C16.tokensPerFrame();
    float[] x = TinyModels.gaussian(layout.totalTokens() * width, 9, 1.0);
    try (NDManager m = NDManager.newBaseManager()) {
      NdDenoiser net = new NdDenoiser(C16, TinyModels.arrays(C16, 10, m)::get);
      NDArray all2 = m.create(x, new Shape(layout.totalTokens(), width));
      NDArray two = net.localAttention(0, all2.get(":" + layout.textTokens()),
          all2.get(layout.textTokens() + ":"), new NdWindows(layout, C16.ropeTheta(), m));
      // the two windows run alone as one-segment stories
      SequenceLayout one = SequenceLayout.of(1, C16);
      NdWindows w1 = new NdWindows(one, C16.ropeTheta(), m);
      int text = layout.textTokens();
      float[][] single = new float[2][];
      for (int i = 0; i < 2; i++) {
        NDArray all = m.create(x, new Shape(layout.totalTokens(), width));
        NDArray t = all.get(i * tt + ":" + (i + 1) * tt);
        NDArray v = all.get((text + i * f * s) + ":" + (text + (i * f + f + 1) * s));
        single[i] = net.localAttention(0, t, v, w1).toFloatArray();
      }
      float[] got = two.get((text + f * s) + ":" + (text + (f + 1) * s)).toFloatArray();
      float[] expect = new float[s * width];
      int lastOfFirst = (tt + f * s) * width; // frame F of window 0
      int firstOfSecond = tt * width; // frame 0 of window 1
      for (int i = 0; i < expect.length; i++) {
        expect[i] = (single[0][lastOfFirst + i] + single[1][firstOfSecond + i]) / 2;
      }
      assertTrue(TinyModels.relativeError(got, expect) < 1e-5);
    }
  }

  @Test
  void zeroGatesMakeTheSequenceBlockTheIdentity() {
    SequenceLayout layout = SequenceLayout.of(2, CONFIG);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = TinyModels.arrays(CONFIG, 12, m);
      NDArray zero = m.zeros(new Shape(CONFIG.width()));
      NdSequenceBlock block = new NdSequenceBlock(new NdVideoTttLayer(
          NdDenoiser.tttConfig(CONFIG), NdTttWeights.of("blocks.0.ttt.", true, w::get)),
          zero, zero, zero, zero);
      float[] x = TinyModels.gaussian(layout.totalTokens() * CONFIG.width(), 13, 1.0);
      NDArray in = m.create(x, new Shape(1, layout.totalTokens(), CONFIG.width()));
      NdTttSequence ttt = new NdTttSequence(layout.toTttSequence(), CONFIG.headDim(),
          CONFIG.ropeTheta(), m);
      assertArrayEquals(x, block.forward(in, ttt, NdSequenceBlock.Timer.NONE).toFloatArray());
    }
  }

  @Test
  void denoiserOutputHasTheLatentShapeAndIsDeterministic() {
    ModelConfig c = TinyModels.config(TttVariant.LINEAR, 2, 48);
    SequenceLayout layout = SequenceLayout.of(2, c);
    try (NDManager m = NDManager.newBaseManager()) {
      NdDenoiser net = new NdDenoiser(c, TinyModels.arrays(c, 14, m)::get);
      Shape latent = new Shape(layout.latentFrames(), c.latentChannels(), c.latentHeight(),
          c.latentWidth());
      NDArray z = m.create(TinyModels.gaussian((int) latent.size(), 15, 1.0), latent);
      NDArray t = m.create(TinyModels.gaussian(layout.textTokens() * c.textDim(), 16, 1.0),
          new Shape(2, layout.textTokensPerSegment(), c.textDim()));
      NdTttSequence ttt = new NdTttSequence(layout.toTttSequence(), c.headDim(), c.ropeTheta(), m);
      NdWindows windows = new NdWindows(layout, c.ropeTheta(), m);
      NDArray v1 = net.forward(z, t, 500, ttt, windows, NdSequenceBlock.Timer.NONE);
      NDArray v2 = net.forward(z, t, 500, ttt, windows, NdSequenceBlock.Timer.NONE);
      NDArray v3 = net.forward(z, t, 10, ttt, windows, NdSequenceBlock.Timer.NONE);
      assertEquals(latent, v1.getShape());
      assertArrayEquals(v1.toFloatArray(), v2.toFloatArray());
      assertTrue(maxDiff(v1.toFloatArray(), v3.toFloatArray()) > 1e-6, "timestep has no effect");
    }
  }

  /**
   * A batch runs the TTT scan once for all its examples; each example must still see only itself
   * (its own story, timestep and text): the batch equals the examples one by one.
   */
  @Test
  void aBatchEqualsItsExamplesOneByOne() {
    ModelConfig c = TinyModels.config(TttVariant.MLP, 2, 48);
    SequenceLayout layout = SequenceLayout.of(2, c);
    try (NDManager m = NDManager.newBaseManager()) {
      NdDenoiser net = new NdDenoiser(c, TinyModels.arrays(c, 21, m)::get);
      Shape latent = new Shape(layout.latentFrames(), c.latentChannels(), c.latentHeight(),
          c.latentWidth());
      Shape text = new Shape(2, layout.textTokensPerSegment(), c.textDim());
      NdTttSequence ttt = new NdTttSequence(layout.toTttSequence(), c.headDim(), c.ropeTheta(), m);
      NdWindows windows = new NdWindows(layout, c.ropeTheta(), m);
      int[] steps = {999, 500, 3};
      NDList z = new NDList();
      NDList t = new NDList();
      for (int e = 0; e < steps.length; e++) {
        z.add(m.create(TinyModels.gaussian((int) latent.size(), 30 + e, 1.0), latent));
        t.add(m.create(TinyModels.gaussian((int) text.size(), 40 + e, 1.0), text));
      }
      NDList batch = net.forwardBatch(z, t, steps, ttt, windows, NdSequenceBlock.Timer.NONE);
      assertEquals(steps.length, batch.size());
      for (int e = 0; e < steps.length; e++) {
        float[] alone = net.forward(z.get(e), t.get(e), steps[e], ttt, windows,
            NdSequenceBlock.Timer.NONE).toFloatArray();
        assertEquals(latent, batch.get(e).getShape());
        assertTrue(maxDiff(alone, batch.get(e).toFloatArray()) < 1e-5, "example " + e);
      }
      // the examples differ, so a batch that mixed them up could not pass the check above
      assertTrue(maxDiff(batch.get(0).toFloatArray(), batch.get(1).toFloatArray()) > 1e-3);
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> net.forwardBatch(z, t, new int[] {1, 2}, ttt, windows,
              NdSequenceBlock.Timer.NONE));
      assertTrue(e.getMessage().contains("3 latents, 3 texts, 2 timesteps"), e.getMessage());
      NDList wrong = new NDList(z.get(0), z.get(1), z.get(2).reshape(-1));
      assertThrows(InvalidInputException.class,
          () -> net.forwardBatch(wrong, t, steps, ttt, windows, NdSequenceBlock.Timer.NONE));
    }
  }

  @Test
  void timeSinusoidAtZeroIsOnesThenZeros() {
    float[] te = NdDenoiser.timeSinusoid(8, 0);
    assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, te);
  }
}
