package io.github.tttvideo.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.WeightMismatchException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories: initialisation, strict loading with named mismatches, parameter counts. */
class DjlModelsTest {

  private static final ModelConfig C = TinyModels.config(TttVariant.MLP, 1, 16);

  private static void rewrite(Path dir, Map<String, float[]> w, Map<String, long[]> shapes)
      throws Exception {
    SafetensorsWriter out = SafetensorsWriter.to(dir.resolve("model.safetensors"));
    w.forEach((k, v) -> out.add(k, shapes.get(k), v));
    out.write();
  }

  @Test
  void initializedDirectoryLoadsWithEveryTensor(@TempDir Path dir) {
    DjlModels.initialize(C, 1, dir);
    Map<String, float[]> w = DjlModels.readWeights(C, dir);
    assertEquals(TttDenoiserParameters.all(C).keySet(), w.keySet());
    assertEquals(0.1f, w.get("blocks.0.ttt_gate.backward_video")[0]);
    assertEquals(1f, w.get("blocks.0.ttt.ttt_norm_weight")[0]);
  }

  @Test
  void missingMisshapenAndUnexpectedTensorsAreNamed(@TempDir Path dir) throws Exception {
    DjlModels.initialize(C, 2, dir);
    Map<String, long[]> shapes = new java.util.LinkedHashMap<>(TttDenoiserParameters.all(C));
    Map<String, float[]> w = new java.util.LinkedHashMap<>(DjlModels.readWeights(C, dir));

    w.remove("blocks.0.attn.to_k.bias");
    rewrite(dir, w, shapes);
    WeightMismatchException e = assertThrows(WeightMismatchException.class,
        () -> DjlModels.readWeights(C, dir));
    assertEquals("blocks.0.attn.to_k.bias", e.tensor());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());

    w.put("blocks.0.attn.to_k.bias", new float[C.width()]);
    shapes.put("blocks.0.ttt.W1", new long[] {2, 64, 16});
    rewrite(dir, w, shapes);
    e = assertThrows(WeightMismatchException.class, () -> DjlModels.readWeights(C, dir));
    assertEquals("blocks.0.ttt.W1", e.tensor());
    assertTrue(e.getMessage().contains("expected [2, 16, 64], found [2, 64, 16]"), e.getMessage());

    shapes.put("blocks.0.ttt.W1", new long[] {2, 16, 64});
    w.put("blocks.0.ttt.extra", new float[] {1});
    shapes.put("blocks.0.ttt.extra", new long[] {1});
    rewrite(dir, w, shapes);
    e = assertThrows(WeightMismatchException.class, () -> DjlModels.readWeights(C, dir));
    assertEquals("blocks.0.ttt.extra", e.tensor());
    assertTrue(e.getMessage().contains("unexpected"), e.getMessage());
  }

  @Test
  void fiveBPresetHasTheReferenceParameterCounts() {
    ModelConfig big = ModelConfig.preset("5B");
    // TTT-MLP layer incl. the 4 gate vectors: Q/K/V/O 37,761,024 + W1/W2 1,572,864 + b1/b2
    // 15,360 + lr gate 147,504 + ttt norm 6,144 + post norm 6,144 + gates 12,288
    assertEquals(39_521_328L, TttDenoiserParameters.tttLayerCount(big));
    long total = TttDenoiserParameters.count(big);
    System.out.printf("5B denoiser parameters: %,d (TTT layers %,d)%n", total,
        42 * TttDenoiserParameters.tttLayerCount(big));
    assertTrue(total > 7.1e9 && total < 7.3e9, "total " + total);
    ModelConfig linear = new ModelConfig("5B-linear", 3072, 48, 42,
        io.github.tttvideo.core.ttt.TttVariant.LINEAR, 16, 1.0, 2, 16, 4096, 512, 0.1, 10000, 8,
        4, 60, 90, 458, Map.of(), 21, 16, 48);
    assertEquals(38.13e6, TttDenoiserParameters.tttLayerCount(linear), 0.01e6);
  }
}
