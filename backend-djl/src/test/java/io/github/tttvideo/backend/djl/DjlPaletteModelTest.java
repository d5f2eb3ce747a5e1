package io.github.tttvideo.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.djl.vae.NdCausalVae;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.PlanarFrames;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.weights.WeightMismatchException;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model directory with a {@code vae_palette}, through the backend's normal loading path. */
class DjlPaletteModelTest {

  private static final List<String> COLOURS =
      List.of("#204060", "#C08040", "#40C0A0", "#806020");
  private static final ModelConfig C =
      TinyModels.config(TttVariant.MLP, 1, 16).withVaePalette(COLOURS);

  @Test
  void aPaletteModelDirectoryLoadsAndDecodesLikeTheNetwork(@TempDir Path dir) {
    DjlModels.initialize(C, 3, dir);
    assertTrue(configJson(dir).contains("\"vae_palette\""));
    assertEquals(C, ModelConfigReader.fromDirectory(dir).withName(C.name()));
    assertArrayEquals(new long[] {4, 4, 3, 3, 3},
        TttDenoiserParameters.all(C).get("vae.decoder.conv_out.weight"));
    int perFrame = C.latentChannels() * C.latentHeight() * C.latentWidth();
    float[] z1 = TinyModels.gaussian(2 * perFrame, 4, 1.0);
    float[] z2 = TinyModels.gaussian(perFrame, 5, 1.0);
    float[] want1;
    float[] want2;
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w = new HashMap<>();
      Map<String, long[]> shapes = TttDenoiserParameters.all(C);
      DjlModels.readWeights(C, dir).forEach((k, v) -> w.put(k, m.create(v,
          new Shape(shapes.get(k)))));
      NdCausalVae vae = new NdCausalVae(C, w::get);
      try (NdCausalVae.Decoder d = vae.newDecoder(m)) {
        want1 = d.decodeNext(m.create(z1, new Shape(2, 4, 8, 8))).toFloatArray();
        want2 = d.decodeNext(m.create(z2, new Shape(1, 4, 8, 8))).toFloatArray();
      }
    }
    int[] lo = {0x20, 0x40, 0x20};
    int[] hi = {0xC0, 0xC0, 0xA0};
    try (DjlVideoModel model = (DjlVideoModel) new DjlBackendProvider().load(dir,
        new BackendOptions("cpu", 1, "float32"))) {
      var engine = model.manager().getParentManager();
      int live = engine.getManagedArrays().size();
      try (LatentDecoder d = model.openDecoder()) {
        List<VideoFrame> f1 = d.decodeNext(z1, 2);
        List<VideoFrame> f2 = d.decodeNext(z2, 1);
        assertEquals(5, f1.size());
        assertEquals(4, f2.size());
        for (int round = 0; round < 2; round++) {
          List<VideoFrame> got = round == 0 ? f1 : f2;
          float[] want = round == 0 ? want1 : want2;
          for (int f = 0; f < got.size(); f++) {
            byte[] a = got.get(f).rgb();
            byte[] b = PlanarFrames.toFrame(want, f, 64, 64).rgb();
            assertArrayEquals(b, a, "piece " + round + " frame " + f);
            for (int j = 0; j < a.length; j++) {
              int v = a[j] & 0xFF;
              int c = j % 3;
              assertTrue(v >= lo[c] && v <= hi[c], "byte " + v + " of channel " + c);
            }
          }
        }
      }
      assertEquals(live, engine.getManagedArrays().size(), "live arrays after the decoder");
    }
  }

  @Test
  void paletteWeightsUnderAnRgbConfigNameConvOut(@TempDir Path dir) {
    DjlModels.initialize(C, 3, dir);
    ModelConfig rgb = C.withVaePalette(null);
    WeightMismatchException e = assertThrows(WeightMismatchException.class,
        () -> DjlModels.readWeights(rgb, dir));
    assertEquals("vae.decoder.conv_out.weight", e.tensor());
    assertTrue(e.getMessage().contains("expected [3, 4, 3, 3, 3], found [4, 4, 3, 3, 3]"),
        e.getMessage());
  }

  private static String configJson(Path dir) {
    try {
      return Files.readString(dir.resolve(ModelConfigReader.FILE_NAME));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
