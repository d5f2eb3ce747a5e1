package io.github.tttvideo.train.toon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.train.AdamW;
import io.github.tttvideo.train.DiffusionObjective;
import io.github.tttvideo.train.NamedParameters;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.TextBatch;
import io.github.tttvideo.train.TrainRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A few training steps of the DJL denoiser and VAE on a tiny config, and gradients that do not
 * depend on when the garbage collector runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DjlTrainablesTest {

  @BeforeAll
  static void ndarrayScan() {
    System.setProperty("ttt.djl.scan", "ndarray");
  }

  /** D 32, 2 heads, 1 TTT-MLP layer, K 16, 8 x 8 latents (16 tokens), Tt 16, 2 latent frames. */
  static ModelConfig tiny() {
    return new ModelConfig("tiny", 32, 2, 1, TttVariant.MLP, 16, 0.1, 2, 4, 16, 32, 0.1, 10000,
        8, 4, 8, 8, 16, Map.of(), 4, 16, 8, 2, 1e-6, 64, List.of(4, 4, 4, 4));
  }

  @Test
  @Order(1)
  void denoiserLossIsFiniteAndFallsOnARepeatedBatch() {
    ModelConfig c = tiny();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, DjlModels.randomWeights(c, 5),
          WordTokenizer.of(DjlModels.TOON_WORDS), List.of(1), m);
      model.parameters().select(ParameterSelection.sft());
      int nf = 1 + 2;
      float[] x0 = new TrainRandom(9).fillGaussian(new float[nf * 4 * 8 * 8]);
      List<List<String>> texts = List.of(List.of("Tom chases Jerry to the left."));
      double first = 0;
      double last = 0;
      int skipped = 0;
      try (AdamW opt = new AdamW(m, model.parameters(),
          AdamW.referenceGroups(model.parameters()), 0.9, 0.95, 1e-8, 1.0)) {
        opt.setLr(AdamW.GROUP_BASE, 3e-3);
        opt.setLr(AdamW.GROUP_TTT, 3e-3);
        DiffusionObjective obj = new DiffusionObjective(0);
        for (int s = 0; s < 12; s++) {
          try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray x = sm.create(x0, new Shape(1, nf, 4, 8, 8));
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              // the same timestep and noise every step: a repeated batch
              NDArray l = obj.loss(model::forward, x, texts, new TrainRandom(3)).loss();
              gc.backward(l);
              loss = l.getFloat();
            }
            assertTrue(Double.isFinite(loss), "loss " + loss);
            // as the Trainer does: a non-finite gradient would be skipped, never applied (none is
            // expected since freed memory is no longer read by the backward pass)
            if (Double.isFinite(opt.gradientNorm())) {
              assertTrue(Double.isFinite(opt.step()));
            } else {
              opt.resetGradients();
              skipped++;
            }
            if (s == 0) {
              first = loss;
            }
            last = loss;
          }
        }
      }
      assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
      assertEquals(0, skipped, skipped + " of 12 steps had a non-finite gradient");
    }
  }

  /**
   * The gradients of a step are the same whether or not a garbage collection runs between the
   * forward and the backward pass. DJL's PyTorch engine frees the Java buffers behind closed arrays
   * (and behind the scalar of {@code x.mul(2f)}) at the next collection although autograd may
   * still read them; before the networks avoided that (NdOps), this came out NaN or different.
   */
  @Test
  void gradientsDoNotDependOnGarbageCollectionBeforeTheBackwardPass() throws Exception {
    ModelConfig c = tiny();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, DjlModels.randomWeights(c, 5),
          WordTokenizer.of(DjlModels.TOON_WORDS), List.of(1), m);
      model.parameters().select(ParameterSelection.sft());
      assertSameFiniteGradients(gradients(model, m, false), gradients(model, m, true), "");
    }
  }

  /** Every tensor finite in both, and equal to 1e-5 of its largest magnitude. */
  static void assertSameFiniteGradients(Map<String, float[]> plain, Map<String, float[]> collected,
      String label) {
    assertEquals(plain.keySet(), collected.keySet());
    assertTrue(plain.size() > 10, plain.size() + " tensors");
    for (Map.Entry<String, float[]> e : plain.entrySet()) {
      float[] a = e.getValue();
      float[] b = collected.get(e.getKey());
      double scale = 1e-12;
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        assertTrue(Float.isFinite(a[i]) && Float.isFinite(b[i]),
            label + e.getKey() + " not finite");
        scale = Math.max(scale, Math.abs(a[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      assertTrue(diff <= 1e-5 * scale,
          label + e.getKey() + ": max difference " + diff + " of " + scale);
    }
  }

  /** The trainable parameters' gradients, by name; then zeroes them (NaN-safe) for the next run. */
  static Map<String, float[]> takeGradients(NamedParameters params) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    for (String name : params.trainableNames()) {
      NDArray g = params.get(name).getGradient();
      out.put(name, g.toFloatArray());
      g.set(g.isNaN().logicalOr(g.isInfinite()), 0f);
      g.subi(g);
    }
    return out;
  }

  /** One forward and backward pass of two examples (one with dropped text); the gradients. */
  private static Map<String, float[]> gradients(DjlDenoiserTrainable model, NDManager m,
      boolean collectGarbage) throws InterruptedException {
    int nf = 1 + 2;
    float[] x0 = new TrainRandom(9).fillGaussian(new float[2 * nf * 4 * 8 * 8]);
    List<List<String>> texts = List.of(List.of("Tom chases Jerry to the left."),
        List.of("In the kitchen. Tom sleeps."));
    try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
      scope.suppressNotUsedWarning();
      NDArray x = sm.create(x0, new Shape(2, nf, 4, 8, 8));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // text dropout 0.5 with a fixed seed: the same examples are dropped in both runs
        NDArray l = new DiffusionObjective(0.5).loss(model::forward, x, texts, new TrainRandom(4))
            .loss();
        if (collectGarbage) {
          collectAndOverwriteFreedMemory();
        }
        gc.backward(l);
      }
      return takeGradients(model.parameters());
    }
  }

  /** Lets the collector free unreachable direct buffers, then reuses freed memory with NaN. */
  static void collectAndOverwriteFreedMemory() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(30);
    }
    List<java.nio.ByteBuffer> keep = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 + (i % 4) * 4);
      while (b.remaining() >= 4) {
        b.putFloat(Float.NaN);
      }
      keep.add(b);
    }
    assertEquals(20_000, keep.size());
  }

  @Test
  void droppedTextGivesZeroEmbeddings() {
    ModelConfig c = tiny();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, DjlModels.randomWeights(c, 5),
          WordTokenizer.of(DjlModels.TOON_WORDS), List.of(1), m);
      NDArray e = model.embed(m, List.of("Tom sleeps."), true);
      assertEquals(0f, e.abs().max().getFloat());
      NDArray x = m.zeros(new Shape(2, 3, 4, 8, 8));
      NDArray v = model.forward(x, new TextBatch(List.of(List.of("a"), List.of("b")),
          List.of(false, true)), m.create(new float[] {10, 900}));
      assertEquals(x.getShape(), v.getShape());
    }
  }

  /** A batch goes through the network together; each example's v equals its own forward. */
  @Test
  void aBatchPredictsWhatEachExampleDoesAlone() {
    ModelConfig c = tiny();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, DjlModels.randomWeights(c, 6),
          WordTokenizer.of(DjlModels.TOON_WORDS), List.of(1), m);
      List<List<String>> texts = List.of(List.of("Tom sleeps."), List.of("Tom jumps."),
          List.of("In the kitchen."));
      List<Boolean> dropped = List.of(false, true, false);
      float[] steps = {20, 500, 990};
      NDArray x = m.create(new TrainRandom(4).fillGaussian(new float[3 * 3 * 4 * 8 * 8]),
          new Shape(3, 3, 4, 8, 8));
      NDArray all = model.forward(x, new TextBatch(texts, dropped), m.create(steps));
      assertEquals(x.getShape(), all.getShape());
      for (int e = 0; e < 3; e++) {
        NDArray one = model.forward(x.get(e).expandDims(0),
            new TextBatch(List.of(texts.get(e)), List.of(dropped.get(e))),
            m.create(new float[] {steps[e]}));
        float diff = one.squeeze(0).sub(all.get(e)).abs().max().getFloat();
        assertTrue(diff < 1e-5, "example " + e + " differs by " + diff);
      }
      float apart = all.get(0).sub(all.get(2)).abs().max().getFloat();
      assertTrue(apart > 1e-3, "examples 0 and 2 should differ, " + apart);
    }
  }

  /**
   * Training and rendering must see the same text features: the trainable's embedding of a
   * prompt equals the render-time encoder's, and a dropped text (zeros) equals what the render
   * time encoder gives the unconditional branch of guidance (the empty negative prompt).
   */
  @Test
  void trainingEmbeddingsEqualTheRenderTimeEncoder() {
    ModelConfig c = tiny();
    Map<String, float[]> w = DjlModels.randomWeights(c, 5);
    WordTokenizer tok = WordTokenizer.of(DjlModels.TOON_WORDS);
    io.github.tttvideo.backend.djl.text.DjlTextEncoder enc =
        new io.github.tttvideo.backend.djl.text.DjlTextEncoder(tok,
            w.get(DjlDenoiserTrainable.EMBEDDING), c.textVocabSize(), c.textDim());
    int tt = c.textTokensPerSegment();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable model = new DjlDenoiserTrainable(c, w, tok, List.of(1), m);
      String text = "<start_scene>In the kitchen. Tom the orange cat sleeps.";
      float[] train = model.embed(m, List.of(text), false).toFloatArray();
      float[] render = enc.encode(text, tt);
      assertEquals(render.length, train.length);
      for (int i = 0; i < train.length; i++) {
        assertEquals(render[i], train[i], 1e-5, "feature " + i);
      }
      float[] dropped = model.embed(m, List.of(text), true).toFloatArray();
      float[] uncond = enc.encode("", tt);
      for (int i = 0; i < dropped.length; i++) {
        assertEquals(uncond[i], dropped[i], 0f, "feature " + i);
      }
    }
  }

  @Test
  void vaeStepsReduceTheReconstructionLoss() {
    ModelConfig c = tiny();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(c, DjlModels.randomWeights(c, 6), 0f, m);
      vae.parameters().select(ParameterSelection.sft());
      float[] px = new float[5 * 3 * 32 * 32];
      for (int i = 0; i < px.length; i++) {
        px[i] = ((i / 32) % 32) < 16 ? 0.6f : -0.4f; // stripes
      }
      double first = 0;
      double last = 0;
      try (AdamW opt = new AdamW(m, vae.parameters(), AdamW.referenceGroups(vae.parameters()),
          0.9, 0.99, 1e-8, 1.0)) {
        opt.setLr(AdamW.GROUP_BASE, 3e-3);
        for (int s = 0; s < 8; s++) {
          try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray x = sm.create(px, new Shape(5, 3, 32, 32)); // a crop: 4 x 4 latents
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray l = vae.loss(x, new TrainRandom(1));
              gc.backward(l);
              loss = l.getFloat();
            }
            assertTrue(Double.isFinite(loss), "loss " + loss);
            opt.step();
            if (s == 0) {
              first = loss;
            }
            last = loss;
          }
        }
      }
      assertTrue(last < first, "loss " + first + " -> " + last);
      NDArray z = vae.encodeMean(m.create(px, new Shape(5, 3, 32, 32)));
      assertEquals(new Shape(2, 4, 4, 4), z.getShape());
    }
  }

  @Test
  void foldingTheLatentScaleKeepsTheReconstruction() {
    ModelConfig c = tiny();
    Map<String, float[]> w = DjlModels.randomWeights(c, 7);
    try (NDManager m = NDManager.newBaseManager()) {
      float[] px = new TrainRandom(2).fillGaussian(new float[5 * 3 * 64 * 64]);
      NDArray x = m.create(px, new Shape(5, 3, 64, 64));
      DjlVaeTrainable a = new DjlVaeTrainable(c, w, 0f, m);
      float[] ra = a.decode(a.encodeMean(x)).toFloatArray();
      NDArray za = a.encodeMean(x);
      TrainToonMain.fold(w, c, new float[] {2f, 0.5f, 4f, 1f});
      DjlVaeTrainable b = new DjlVaeTrainable(c, w, 0f, m);
      NDArray zb = b.encodeMean(x);
      float[] rb = b.decode(zb).toFloatArray();
      assertEquals(za.get(":, 0").getFloat(0, 0, 0) / 2f, zb.get(":, 0").getFloat(0, 0, 0), 1e-4);
      for (int i = 0; i < ra.length; i += 97) {
        assertEquals(ra[i], rb[i], 1e-3);
      }
    }
  }
}
