package io.github.tttvideo.train.toon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.vae.NdCausalVae;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.toon.world.ToonPalette;
import io.github.tttvideo.train.AdamW;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.ToonClip;
import io.github.tttvideo.train.ToonClipDataset;
import io.github.tttvideo.train.TrainRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The palette decoder's loss ({@link DjlVaeTrainable#paletteLoss}) on toon frames, with the
 * tiny config of {@link DjlTrainablesTest} and the 18 colours of the toon palette.
 */
class DjlVaePaletteLossTest {

  static final ModelConfig PAL = DjlTrainablesTest.tiny().withVaePalette(
      TrainToonMain.toonPalette());
  static final int P = ToonPalette.entries().size();

  /** Frames 0..4 of a training clip: [5, 3, 64, 64] in [-1, 1], only palette colours. */
  static float[] frames;

  @BeforeAll
  static void toonFrames() {
    ToonClip clip = new ToonClipDataset(ToonClipDataset.Split.TRAIN).clip(1, 3);
    frames = Arrays.copyOf(clip.pixels(), 5 * 3 * 64 * 64);
  }

  private static Map<String, float[]> weights(long seed, float headScale) {
    Map<String, float[]> w = DjlModels.randomWeights(PAL, seed);
    for (String k : List.of("vae.decoder.conv_out.weight", "vae.decoder.conv_out.bias")) {
      float[] v = w.get(k);
      for (int i = 0; i < v.length; i++) {
        v[i] *= headScale;
      }
    }
    return w;
  }

  @Test
  void aZeroHeadGivesTheLossOfTheUniformDistribution() {
    try (NDManager m = NDManager.newBaseManager()) {
      for (float noise : new float[] {0f, 0.05f}) {
        DjlVaeTrainable vae = new DjlVaeTrainable(PAL, weights(6, 0f), noise, m);
        NDArray x = m.create(frames, new Shape(5, 3, 64, 64));
        float loss = vae.paletteLoss(x, new TrainRandom(1)).getFloat();
        assertEquals(Math.log(P), loss, 1e-5, "latent noise " + noise);
        // a 32 x 32 crop (4 x 4 latents) too
        NDArray crop = x.get(new NDIndex(":, :, 16:48, 8:40"));
        assertEquals(Math.log(P), vae.paletteLoss(crop, new TrainRandom(1)).getFloat(), 1e-5);
      }
    }
  }

  /**
   * The loss against a second computation: the decoder's logits, the true colour of each pixel
   * by {@link ToonPalette#nearest} on its bytes, and the cross-entropy in double precision.
   */
  @Test
  void theLossIsTheCrossEntropyAgainstEachPixelsPaletteColour() {
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(PAL, weights(7, 20f), 0f, m);
      NDArray x = m.create(frames, new Shape(5, 3, 64, 64));
      float loss = vae.paletteLoss(x, new TrainRandom(1)).getFloat();
      float[] logits;
      try (NdCausalVae.Decoder d = vae.network().newDecoder(m)) {
        logits = d.decodeNextRaw(vae.encodeMean(x)).toFloatArray(); // [5, P, 64, 64]
      }
      int plane = 64 * 64;
      assertEquals(5 * P * plane, logits.length);
      double sum = 0;
      int[] used = new int[P];
      for (int f = 0; f < 5; f++) {
        for (int i = 0; i < plane; i++) {
          int rgb = 0;
          for (int c = 0; c < 3; c++) {
            int b = Math.round((frames[(f * 3 + c) * plane + i] + 1f) * 127.5f);
            rgb = (rgb << 8) | b;
          }
          int k = ToonPalette.nearest(rgb);
          assertEquals(0, ToonPalette.distanceSquared(rgb, ToonPalette.entries().get(k).rgb()),
              "toon frames hold only palette colours");
          used[k]++;
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < P; j++) {
            max = Math.max(max, logits[(f * P + j) * plane + i]);
          }
          double z = 0;
          for (int j = 0; j < P; j++) {
            z += Math.exp(logits[(f * P + j) * plane + i] - max);
          }
          sum += max + Math.log(z) - logits[(f * P + k) * plane + i];
        }
      }
      double want = sum / (5 * plane);
      assertTrue(Arrays.stream(used).filter(n -> n > 0).count() >= 3,
          "the frames hold several colours: " + Arrays.toString(used));
      assertTrue(Math.abs(want - Math.log(P)) > 0.1, "a non-trivial loss: " + want);
      assertEquals(want, loss, 1e-4 * want);
    }
  }

  @Test
  void theEncoderGetsNoGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(PAL, weights(8, 1f), 0.05f, m);
      vae.parameters().select(ParameterSelection.sft());
      try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray x = sm.create(frames, new Shape(5, 3, 64, 64))
            .get(new NDIndex(":, :, 0:32, 32:64"));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(vae.paletteLoss(x, new TrainRandom(2)));
        }
        NDArray enc = vae.parameters().get("vae.encoder.conv_in.weight").getGradient();
        NDArray dec = vae.parameters().get("vae.decoder.conv_out.weight").getGradient();
        assertEquals(0f, enc.abs().max().getFloat());
        assertTrue(dec.abs().max().getFloat() > 0f);
      }
    }
  }

  @Test
  void decoderStepsReduceThePaletteLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(PAL, weights(9, 1f), 0f, m);
      vae.parameters().select(ParameterSelection.matchingAny("decoder",
          List.of("^vae\\.decoder\\.")));
      double first = 0;
      double last = 0;
      try (AdamW opt = new AdamW(m, vae.parameters(), AdamW.referenceGroups(vae.parameters()),
          0.9, 0.99, 1e-8, 1.0)) {
        opt.setLr(AdamW.GROUP_BASE, 3e-3);
        for (int s = 0; s < 12; s++) {
          try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
            scope.suppressNotUsedWarning();
            // one frame (one latent frame), a 16 x 16 crop (2 x 2 latents): a few colours
            NDArray x = sm.create(frames, new Shape(5, 3, 64, 64))
                .get(new NDIndex("0:1, :, 24:40, 24:40"));
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray l = vae.paletteLoss(x, new TrainRandom(1));
              gc.backward(l);
              loss = l.getFloat();
            }
            assertTrue(Double.isFinite(loss), "loss " + loss + " at step " + s);
            assertTrue(Double.isFinite(opt.step()));
            if (s == 0) {
              first = loss;
            }
            last = loss;
          }
        }
      }
      org.slf4j.LoggerFactory.getLogger(DjlVaePaletteLossTest.class)
          .info("palette loss {} -> {}", first, last);
      assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
    }
  }

  @Test
  void anRgbDecoderHasNoPaletteLoss() {
    ModelConfig rgb = DjlTrainablesTest.tiny();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlVaeTrainable vae = new DjlVaeTrainable(rgb, DjlModels.randomWeights(rgb, 1), 0f, m);
      NDArray x = m.create(frames, new Shape(5, 3, 64, 64));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> vae.paletteLoss(x, new TrainRandom(1)));
      assertTrue(e.getMessage().contains("vae_palette"), e.getMessage());
    }
  }

  /**
   * The VAE's losses (reconstruction with latent noise and penalty; palette cross-entropy) give
   * the same gradients whether or not a garbage collection runs before the backward pass (see
   * DjlTrainablesTest's denoiser version).
   */
  @Test
  void vaeGradientsDoNotDependOnGarbageCollectionBeforeTheBackwardPass() throws Exception {
    for (boolean palette : new boolean[] {false, true}) {
      try (NDManager m = NDManager.newBaseManager()) {
        DjlVaeTrainable vae = new DjlVaeTrainable(PAL, weights(6, 1f), 0.05f, m);
        vae.parameters().select(ParameterSelection.sft());
        DjlTrainablesTest.assertSameFiniteGradients(vaeGradients(vae, m, palette, false),
            vaeGradients(vae, m, palette, true), palette ? "palette loss: " : "loss: ");
      }
    }
  }

  private static Map<String, float[]> vaeGradients(DjlVaeTrainable vae, NDManager m,
      boolean palette, boolean collectGarbage) throws InterruptedException {
    try (NDScope scope = new NDScope(); NDManager sm = m.newSubManager()) {
      scope.suppressNotUsedWarning();
      NDArray x = sm.create(frames, new Shape(5, 3, 64, 64))
          .get(new NDIndex(":, :, 16:48, 8:40")); // 4 x 4 latents
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = palette
            ? vae.paletteLoss(x, new TrainRandom(2))
            : vae.loss(x, new TrainRandom(2));
        if (collectGarbage) {
          DjlTrainablesTest.collectAndOverwriteFreedMemory();
        }
        gc.backward(l);
      }
      return DjlTrainablesTest.takeGradients(vae.parameters());
    }
  }
}
