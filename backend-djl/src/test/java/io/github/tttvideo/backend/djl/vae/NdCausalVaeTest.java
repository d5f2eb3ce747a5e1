package io.github.tttvideo.backend.djl.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.TinyModels;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shapes and streaming of the causal VAE (tiny widths, 64 x 64 pixels). */
class NdCausalVaeTest {

  private static final ModelConfig C = TinyModels.config(TttVariant.MLP, 1, 48);

  private static NDArray latents(NDManager m, int frames, long seed) {
    Shape s = new Shape(frames, C.latentChannels(), C.latentHeight(), C.latentWidth());
    return m.create(TinyModels.gaussian((int) s.size(), seed, 1.0), s);
  }

  @Test
  void thirteenLatentFramesDecodeToFortyNineAndTwelveMoreToFortyEight() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = TinyModels.arrays(C, 1, m);
      NdCausalVae vae = new NdCausalVae(C, w::get);
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        NDArray first = d.decodeNext(latents(m, 13, 2));
        assertEquals(new Shape(49, 3, 64, 64), first.getShape());
        NDArray next = d.decodeNext(latents(m, 12, 3));
        assertEquals(new Shape(48, 3, 64, 64), next.getShape());
      }
      assertEquals(49, vae.firstPixelFrames(13));
    }
  }

  @Test
  void decodingSegmentBySegmentEqualsDecodingWhole() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = TinyModels.arrays(C, 4, m);
      NdCausalVae vae = new NdCausalVae(C, w::get);
      NDArray all = latents(m, 37, 5);
      float[] whole;
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        whole = d.decodeNext(all).toFloatArray();
      }
      float[] parts = new float[whole.length];
      int at = 0;
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        for (int[] r : new int[][] {{0, 13}, {13, 25}, {25, 37}}) {
          float[] p = d.decodeNext(all.get(r[0] + ":" + r[1])).toFloatArray();
          System.arraycopy(p, 0, parts, at, p.length);
          at += p.length;
        }
      }
      assertEquals(whole.length, at);
      assertEquals(145 * 3 * 64 * 64, whole.length);
      double e = TinyModels.relativeError(parts, whole);
      assertTrue(e < 1e-5, "relative error " + e);
    }
  }

  @Test
  void encoderCompressesFortyNineFramesToThirteenLatentFrames() {
    try (NDManager m = NDManager.newBaseManager()) {
      NdCausalVae vae = new NdCausalVae(C, TinyModels.arrays(C, 6, m)::get);
      Shape px = new Shape(49, 3, 64, 64);
      NDArray clip = m.create(TinyModels.gaussian((int) px.size(), 7, 0.5), px);
      assertEquals(new Shape(13, 2 * C.latentChannels(), 8, 8), vae.encode(clip).getShape());
    }
  }
}
