package io.github.tttvideo.backend.djl.mixer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.tttvideo.backend.djl.TinyModels;
import io.github.tttvideo.backend.djl.dit.NdDenoiser;
import io.github.tttvideo.backend.djl.dit.NdWindows;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.ttt.NdSequenceBlock;
import io.github.tttvideo.backend.djl.ttt.NdTttSequence;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.mixer.AttentionMixer;
import io.github.tttvideo.core.mixer.AttentionMixerParams;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The DJL attention mixers against ttt-core's oracle, and the sequence mixers inside the
 * denoiser. Relative error = max |djl - core| / max |core|.
 */
class NdAttentionMixerTest {

  static final double TOLERANCE = 1e-5;
  static final ModelConfig BASE = TinyModels.config(TttVariant.MLP, 2, 48);

  static ModelConfig config(SequenceMixer mixer, int window) {
    return BASE.withSequenceMixer(mixer, Math.max(1, window));
  }

  /** The oracle's parameters as the DJL mixer's named tensors of layer 0. */
  static Map<String, NDArray> arrays(AttentionMixerParams p, NDManager m) {
    int dm = p.width();
    int d = p.headDim();
    Map<String, NDArray> w = new HashMap<>();
    String a = "blocks.0.ssm_attn.";
    w.put(a + "to_q.weight", m.create(p.wq(), new Shape(dm, dm)));
    w.put(a + "to_k.weight", m.create(p.wk(), new Shape(dm, dm)));
    w.put(a + "to_v.weight", m.create(p.wv(), new Shape(dm, dm)));
    w.put(a + "to_out.weight", m.create(p.wo(), new Shape(dm, dm)));
    w.put(a + "to_q.bias", m.create(p.bq()));
    w.put(a + "to_k.bias", m.create(p.bk()));
    w.put(a + "to_v.bias", m.create(p.bv()));
    w.put(a + "to_out.bias", m.create(p.bo()));
    w.put(a + "norm_q.weight", m.create(p.normQWeight(), new Shape(d)));
    w.put(a + "norm_q.bias", m.create(p.normQBias(), new Shape(d)));
    w.put(a + "norm_k.weight", m.create(p.normKWeight(), new Shape(d)));
    w.put(a + "norm_k.bias", m.create(p.normKBias(), new Shape(d)));
    w.put("blocks.0.ssm_gate.text", m.create(p.gateText()));
    w.put("blocks.0.ssm_gate.video", m.create(p.gateVideo()));
    return w;
  }

  @ParameterizedTest(name = "{0}, w {1}, {2} segments, batch {3}")
  @CsvSource({"FULL, 1, 1, 1", "SLIDING, 1, 1, 2", "SLIDING, 1, 3, 2", "SLIDING, 0, 3, 1",
      "FULL, 1, 3, 2", "SLIDING, 2, 4, 1"})
  void matchesTheCoreOracle(SequenceMixer kind, int window, int segments, int batch) {
    AttentionMixerParams p = AttentionMixerParams.random(32, 2, 21, 0.3);
    TttSequence seq = SequenceLayout.of(segments, BASE).toTttSequence();
    float[] x = TinyModels.gaussian(batch * seq.length() * 32, 5, 1.0);
    AttentionMixer core = new AttentionMixer(p, kind, window, BASE.layerNormEps(),
        BASE.ropeTheta());
    float[] refY = core.attend(x, batch, seq);
    float[] refZ = core.block(x, batch, seq);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = arrays(p, m);
      NdAttentionMixer mixer = new NdAttentionMixer(kind, window, 2, 32, BASE.layerNormEps(),
          "blocks.0.", w::get);
      NdTttSequence s = new NdTttSequence(seq, 16, BASE.ropeTheta(), m);
      NDArray in = m.create(x, new Shape(batch, seq.length(), 32));
      double ey = TinyModels.relativeError(mixer.attend(in, s).toFloatArray(), refY);
      double ez = TinyModels.relativeError(
          mixer.forward(in, s, NdSequenceBlock.Timer.NONE).toFloatArray(), refZ);
      assertTrue(ey < TOLERANCE, "branch relative error " + ey);
      assertTrue(ez < TOLERANCE, "block relative error " + ez);
    }
  }

  @Test
  void slidingAsWideAsTheVideoIsFullAttention() {
    AttentionMixerParams p = AttentionMixerParams.random(32, 2, 22, 0.3);
    TttSequence seq = SequenceLayout.of(3, BASE).toTttSequence();
    float[] x = TinyModels.gaussian(seq.length() * 32, 6, 1.0);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = arrays(p, m);
      NdTttSequence s = new NdTttSequence(seq, 16, BASE.ropeTheta(), m);
      NDArray in = m.create(x, new Shape(1, seq.length(), 32));
      float[] full = new NdAttentionMixer(SequenceMixer.FULL, 1, 2, 32, 1e-6, "blocks.0.",
          w::get).attend(in, s).toFloatArray();
      float[] blocks = new NdAttentionMixer(SequenceMixer.SLIDING, 1, 2, 32, 1e-6, "blocks.0.",
          w::get).attend(in, s).toFloatArray();
      for (int window : new int[] {2, 3, 7}) {
        float[] wide = new NdAttentionMixer(SequenceMixer.SLIDING, window, 2, 32, 1e-6,
            "blocks.0.", w::get).attend(in, s).toFloatArray();
        assertArrayEquals(full, wide, "window " + window);
      }
      assertTrue(TinyModels.relativeError(blocks, full) > 1e-3, "w = 1 must differ from full");
    }
  }

  /** The denoiser's tensors of a mixer config over the shared base of another seed's values. */
  static Map<String, NDArray> denoiserArrays(ModelConfig c, NDManager m, float gate) {
    Map<String, NDArray> w = TinyModels.arrays(c, 3, m);
    Map<String, NDArray> base = TinyModels.arrays(BASE.withSequenceMixer(SequenceMixer.LOCAL, 1),
        3, m);
    for (Map.Entry<String, NDArray> e : w.entrySet()) {
      if (TttDenoiserParameters.isMixerTensor(e.getKey())) {
        if (e.getKey().contains("gate.")) {
          e.setValue(e.getValue().zerosLike().add(gate));
        }
      } else {
        e.setValue(base.get(e.getKey()));
      }
    }
    return w;
  }

  static float[] denoise(ModelConfig c, Map<String, NDArray> w, int segments, NDManager m) {
    SequenceLayout layout = SequenceLayout.of(segments, c);
    NdDenoiser net = new NdDenoiser(c, w::get);
    NDArray z = m.create(TinyModels.gaussian(layout.latentFrames() * 4 * 64, 1, 1.0),
        new Shape(layout.latentFrames(), 4, 8, 8));
    NDArray text = m.create(TinyModels.gaussian(layout.textTokens() * 16, 2, 1.0),
        new Shape(segments, layout.textTokensPerSegment(), 16));
    return net.forward(z, text, 500, new NdTttSequence(layout.toTttSequence(), c.headDim(),
        c.ropeTheta(), m), new NdWindows(layout, c.ropeTheta(), m), NdSequenceBlock.Timer.NONE)
        .toFloatArray();
  }

  @ParameterizedTest
  @EnumSource(value = SequenceMixer.class, names = {"SLIDING", "FULL", "TTT_MLP", "TTT_LINEAR"})
  void localIsTheMixerBlockSkippedExactly(SequenceMixer other) {
    try (NDManager m = NDManager.newBaseManager()) {
      ModelConfig local = config(SequenceMixer.LOCAL, 1);
      assertTrue(TttDenoiserParameters.denoiser(local).keySet().stream()
          .noneMatch(TttDenoiserParameters::isMixerTensor));
      float[] ref = denoise(local, denoiserArrays(local, m, 0f), 3, m);
      ModelConfig c = config(other, 1);
      // zero gates: the block adds exactly 0
      assertArrayEquals(ref, denoise(c, denoiserArrays(c, m, 0f), 3, m));
      // open gates: the mixer changes the output
      float[] open = denoise(c, denoiserArrays(c, m, 0.5f), 3, m);
      assertTrue(TinyModels.relativeError(open, ref) > 1e-4, other + " has no effect");
    }
  }

  @Test
  void parameterNamesFollowTheMixer() {
    Map<String, long[]> sliding = TttDenoiserParameters.denoiser(config(SequenceMixer.SLIDING, 1));
    assertArrayEquals(new long[] {32, 32}, sliding.get("blocks.1.ssm_attn.to_q.weight"));
    assertArrayEquals(new long[] {16}, sliding.get("blocks.1.ssm_attn.norm_k.bias"));
    assertArrayEquals(new long[] {32}, sliding.get("blocks.0.ssm_gate.video"));
    assertFalse(sliding.keySet().stream().anyMatch(k -> k.contains(".ttt")));
    Map<String, long[]> mlp = TttDenoiserParameters.denoiser(BASE);
    assertFalse(mlp.keySet().stream().anyMatch(k -> k.contains(".ssm_")));
    assertEquals(TttDenoiserParameters.denoiser(config(SequenceMixer.FULL, 1)).keySet(),
        sliding.keySet());
    // every attention-mixer tensor: 4 (D^2 + D) + 4 d + 2 D per layer
    long perLayer = 4L * (32 * 32 + 32) + 4 * 16 + 2 * 32;
    assertEquals(TttDenoiserParameters.count(config(SequenceMixer.LOCAL, 1)) + 2 * perLayer,
        TttDenoiserParameters.count(config(SequenceMixer.SLIDING, 1)));
  }

  @Test
  void gradientsReachEveryMixerTensor() {
    ModelConfig c = config(SequenceMixer.SLIDING, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = new LinkedHashMap<>(TinyModels.arrays(c, 3, m));
      for (NDArray a : w.values()) {
        a.setRequiresGradient(true);
      }
      SequenceLayout layout = SequenceLayout.of(3, c);
      NdDenoiser net = new NdDenoiser(c, w::get);
      NdTttSequence s = new NdTttSequence(layout.toTttSequence(), 16, c.ropeTheta(), m);
      NdWindows win = new NdWindows(layout, c.ropeTheta(), m);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray z = m.create(TinyModels.gaussian(layout.latentFrames() * 256, 1, 1.0),
            new Shape(layout.latentFrames(), 4, 8, 8));
        NDArray text = m.create(TinyModels.gaussian(layout.textTokens() * 16, 2, 1.0),
            new Shape(3, layout.textTokensPerSegment(), 16));
        NDArray v = net.forward(z, text, 300, s, win, NdSequenceBlock.Timer.NONE);
        gc.backward(v.square().mean());
      }
      for (Map.Entry<String, NDArray> e : w.entrySet()) {
        // the last layer's text tokens are discarded, so its text gate has no effect
        if (e.getKey().contains(".ssm_") && !e.getKey().equals("blocks.1.ssm_gate.text")) {
          float[] g = e.getValue().getGradient().toFloatArray();
          double norm = 0;
          for (float f : g) {
            assertTrue(Float.isFinite(f), e.getKey());
            norm += f * f;
          }
          assertTrue(norm > 0, "no gradient for " + e.getKey());
        }
      }
    }
  }
}
