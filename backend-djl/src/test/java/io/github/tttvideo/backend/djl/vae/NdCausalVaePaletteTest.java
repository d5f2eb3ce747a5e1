package io.github.tttvideo.backend.djl.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.TinyModels;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The palette decoder head: {@code conv_out} gives one logit per colour and a pixel is the
 * softmax-weighted mean of the colours (tiny widths, 64 x 64 pixels, 4 colours).
 */
class NdCausalVaePaletteTest {

  /** Four colours whose per-channel box is well inside [-1, 1]. */
  static final List<String> COLOURS = List.of("#204060", "#C08040", "#40C0A0", "#806020");

  static final ModelConfig C = TinyModels.config(TttVariant.MLP, 1, 16).withVaePalette(COLOURS);

  private static final int P = COLOURS.size();
  private static final int PLANE = 64 * 64;

  private static NDArray latents(NDManager m, int frames, long seed) {
    Shape s = new Shape(frames, C.latentChannels(), C.latentHeight(), C.latentWidth());
    return m.create(TinyModels.gaussian((int) s.size(), seed, 1.0), s);
  }

  /**
   * Random tensors with {@code conv_out} scaled up, so that the softmax over the colours is far
   * from uniform (with the initialisation's scale every pixel would be about the mean colour).
   */
  static Map<String, NDArray> sharpWeights(NDManager m, long seed) {
    Map<String, NDArray> w = TinyModels.arrays(C, seed, m);
    w.put("vae.decoder.conv_out.weight", w.get("vae.decoder.conv_out.weight").mul(40));
    w.put("vae.decoder.conv_out.bias", w.get("vae.decoder.conv_out.bias").mul(40));
    return w;
  }

  /** softmax over the colours, then times the [P, 3] colours, in double precision. */
  private static float[] byHand(float[] logits, int frames, float[] rgb) {
    float[] out = new float[frames * 3 * PLANE];
    double[] prob = new double[P];
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < PLANE; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < P; k++) {
          max = Math.max(max, logits[(f * P + k) * PLANE + i]);
        }
        double sum = 0;
        for (int k = 0; k < P; k++) {
          prob[k] = Math.exp(logits[(f * P + k) * PLANE + i] - max);
          sum += prob[k];
        }
        for (int c = 0; c < 3; c++) {
          double v = 0;
          for (int k = 0; k < P; k++) {
            v += prob[k] / sum * rgb[3 * k + c];
          }
          out[(f * 3 + c) * PLANE + i] = (float) v;
        }
      }
    }
    return out;
  }

  /** Largest softmax probability of any colour at any pixel. */
  private static double sharpest(float[] logits, int frames) {
    double best = 0;
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < PLANE; i++) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < P; k++) {
          max = Math.max(max, logits[(f * P + k) * PLANE + i]);
        }
        for (int k = 0; k < P; k++) {
          sum += Math.exp(logits[(f * P + k) * PLANE + i] - max);
        }
        best = Math.max(best, 1 / sum);
      }
    }
    return best;
  }

  @Test
  void decodeNextIsTheSoftmaxOfTheRawLogitsTimesTheColours() {
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(C, sharpWeights(m, 3)::get);
      NDArray z1 = latents(m, 2, 11);
      NDArray z2 = latents(m, 1, 12);
      try (NdCausalVae.Decoder raw = vae.newDecoder(m);
          NdCausalVae.Decoder px = vae.newDecoder(m)) {
        // the first piece, then a later one (the decoders carry their causal state)
        for (NDArray z : List.of(z1, z2)) {
          NDArray logits = raw.decodeNextRaw(z);
          int frames = (int) logits.getShape().get(0);
          assertEquals(new Shape(frames, P, 64, 64), logits.getShape());
          NDArray pixels = px.decodeNext(z);
          assertEquals(new Shape(frames, 3, 64, 64), pixels.getShape());
          float[] l = logits.toFloatArray();
          assertTrue(sharpest(l, frames) > 0.9, "softmax nearly uniform: " + sharpest(l, frames));
          float[] want = byHand(l, frames, C.vaePaletteRgb());
          float[] got = pixels.toFloatArray();
          for (int i = 0; i < got.length; i++) {
            assertEquals(want[i], got[i], 1e-5, "value " + i);
          }
        }
        assertEquals(new Shape(4, 3, 64, 64), px.decodeNext(latents(m, 1, 13)).getShape());
      }
    }
  }

  @Test
  void decodingInPiecesEqualsDecodingWhole() {
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(C, sharpWeights(m, 4)::get);
      NDArray all = latents(m, 9, 5);
      float[] whole;
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        whole = d.decodeNext(all).toFloatArray();
      }
      assertEquals(33 * 3 * PLANE, whole.length);
      float[] parts = new float[whole.length];
      int at = 0;
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        for (int[] r : new int[][] {{0, 1}, {1, 5}, {5, 9}}) {
          float[] p = d.decodeNext(all.get(r[0] + ":" + r[1])).toFloatArray();
          System.arraycopy(p, 0, parts, at, p.length);
          at += p.length;
        }
      }
      assertEquals(whole.length, at);
      double e = TinyModels.relativeError(parts, whole);
      assertTrue(e < 1e-5, "relative error " + e);
    }
  }

  @Test
  void everyPixelLiesInThePalettesBox() {
    float[] rgb = C.vaePaletteRgb();
    float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
    float[] hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
    for (int k = 0; k < P; k++) {
      for (int c = 0; c < 3; c++) {
        lo[c] = Math.min(lo[c], rgb[3 * k + c]);
        hi[c] = Math.max(hi[c], rgb[3 * k + c]);
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(C, sharpWeights(m, 6)::get);
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        float[] px = d.decodeNext(latents(m, 5, 7).mul(3)).toFloatArray();
        float[] seen = {Float.MAX_VALUE, -Float.MAX_VALUE}; // red channel range
        for (int i = 0; i < px.length; i++) {
          int c = (i / PLANE) % 3;
          assertTrue(px[i] >= lo[c] - 1e-6f && px[i] <= hi[c] + 1e-6f,
              "value " + px[i] + " of channel " + c + " outside [" + lo[c] + ", " + hi[c] + "]");
          if (c == 0) {
            seen[0] = Math.min(seen[0], px[i]);
            seen[1] = Math.max(seen[1], px[i]);
          }
        }
        // the pixels use the box, not only its middle
        assertTrue(seen[1] - seen[0] > 0.5 * (hi[0] - lo[0]), "red spans " + seen[0] + ".."
            + seen[1]);
      }
    }
  }

  @Test
  void aConfidentLogitGivesItsColourInPaletteOrder() {
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(C, TinyModels.arrays(C, 1, m)::get);
      int frames = 2;
      int h = 3;
      int w = 5;
      float[] logits = new float[frames * P * h * w];
      for (int f = 0; f < frames; f++) {
        for (int i = 0; i < h * w; i++) {
          logits[(f * P + (f + i) % P) * h * w + i] = 40f; // e^-40: the others vanish
        }
      }
      float[] px = vae.paletteColours(m.create(logits, new Shape(frames, P, h, w)))
          .toFloatArray();
      assertEquals(frames * 3 * h * w, px.length);
      float[] rgb = C.vaePaletteRgb();
      for (int f = 0; f < frames; f++) {
        for (int i = 0; i < h * w; i++) {
          int k = (f + i) % P;
          for (int c = 0; c < 3; c++) {
            assertEquals(rgb[3 * k + c], px[(f * 3 + c) * h * w + i], 1e-6,
                "frame " + f + " pixel " + i + " channel " + c);
          }
        }
      }
      // equal logits: the plain mean of the colours
      float[] mean = vae.paletteColours(m.zeros(new Shape(1, P, 1, 1))).toFloatArray();
      for (int c = 0; c < 3; c++) {
        double want = 0;
        for (int k = 0; k < P; k++) {
          want += rgb[3 * k + c] / (double) P;
        }
        assertEquals(want, mean[c], 1e-6);
      }
    }
  }

  @Test
  void logitsWithTheWrongNumberOfColoursAreRejected() {
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(C, TinyModels.arrays(C, 1, m)::get);
      String msg = assertThrows(InvalidInputException.class,
          () -> vae.paletteColours(m.zeros(new Shape(1, 3, 2, 2)))).getMessage();
      assertTrue(msg.contains("[frames, 4, H, W]"), msg);
      assertThrows(InvalidInputException.class,
          () -> vae.paletteColours(m.zeros(new Shape(4, 2, 2))));
      ModelConfig rgb = TinyModels.config(TttVariant.MLP, 1, 16);
      NdCausalVae plain = new NdCausalVae(rgb, TinyModels.arrays(rgb, 1, m)::get);
      String why = assertThrows(InvalidInputException.class,
          () -> plain.paletteColours(m.zeros(new Shape(1, 3, 2, 2)))).getMessage();
      assertTrue(why.contains("no vae_palette"), why);
    }
  }

  @Test
  void withoutPaletteDecodeNextIsTheRawOutput() {
    ModelConfig rgb = TinyModels.config(TttVariant.MLP, 1, 16);
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(rgb, TinyModels.arrays(rgb, 2, m)::get);
      NDArray z = latents(m, 2, 8);
      try (NdCausalVae.Decoder a = vae.newDecoder(m); NdCausalVae.Decoder b = vae.newDecoder(m)) {
        NDArray raw = a.decodeNextRaw(z);
        assertEquals(new Shape(5, 3, 64, 64), raw.getShape());
        assertArrayEquals(raw.toFloatArray(), b.decodeNext(z).toFloatArray());
      }
    }
  }
}
