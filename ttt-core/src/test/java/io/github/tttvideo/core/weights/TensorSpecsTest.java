package io.github.tttvideo.core.weights;

import static io.github.tttvideo.core.weights.SafetensorsFileTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.tttvideo.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorSpecsTest {

  @TempDir Path dir;
  Path file;

  @BeforeEach
  void writeCheckpoint() throws IOException {
    file =
        SafetensorsWriter.to(dir.resolve("m.safetensors"))
            .add("blocks.0.attn.wq.weight", new long[] {128, 64}, new float[128 * 64])
            .add("blocks.0.attn.wq.bias", new long[] {128}, new float[128])
            .add("extra.scale", new long[] {}, new float[] {2})
            .write();
  }

  @Test
  void wrongShapeNamesTensorAndBothShapes() throws IOException {
    TensorSpecs specs = TensorSpecs.builder().add("blocks.0.attn.wq.weight", 128, 128).build();
    try (WeightStore store = WeightStore.open(file)) {
      WeightMismatchException e =
          assertThrows(WeightMismatchException.class, () -> specs.check(store));
      assertEquals(
          "tensor blocks.0.attn.wq.weight: expected [128, 128], found [128, 64]", e.getMessage());
      assertEquals("blocks.0.attn.wq.weight", e.tensor());
    }
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    TensorSpecs specs =
        TensorSpecs.builder()
            .add("blocks.0.attn.wq.bias", 128)
            .add("blocks.0.attn.wk.weight", 128, 64)
            .build();
    try (WeightStore store = WeightStore.open(file)) {
      assertMessage(
          WeightMismatchException.class,
          "tensor blocks.0.attn.wk.weight: missing from " + file,
          () -> specs.check(store));
    }
  }

  @Test
  void firstMismatchInSpecOrderIsReported() throws IOException {
    TensorSpecs specs =
        TensorSpecs.builder().add("blocks.0.attn.wq.bias", 64).add("nope", 1).build();
    try (WeightStore store = WeightStore.open(file)) {
      assertMessage(
          WeightMismatchException.class,
          "tensor blocks.0.attn.wq.bias: expected [64], found [128]",
          () -> specs.check(store));
    }
  }

  @Test
  void strictSpecsRejectUnexpectedTensorsAndLenientOnesIgnoreThem() throws IOException {
    TensorSpecs.Builder builder =
        TensorSpecs.builder()
            .add("blocks.0.attn.wq.weight", 128, 64)
            .add("blocks.0.attn.wq.bias", 128);
    try (WeightStore store = WeightStore.open(file)) {
      ModelLoadException e =
          assertThrows(ModelLoadException.class, () -> builder.build().check(store));
      assertEquals(
          "tensor extra.scale: unexpected, the model has no such tensor (in " + file + ")",
          e.getMessage());
      Map<String, float[]> loaded = builder.ignoreUnexpected(true).build().load(store);
      assertEquals(
          List.of("blocks.0.attn.wq.weight", "blocks.0.attn.wq.bias"),
          List.copyOf(loaded.keySet()));
      assertArrayEquals(new float[128], loaded.get("blocks.0.attn.wq.bias"));
    }
  }

  @Test
  void scalarShapesMatch() throws IOException {
    TensorSpecs specs = TensorSpecs.builder().add("extra.scale").build();
    try (WeightStore store = WeightStore.open(file)) {
      assertArrayEquals(
          new float[] {2},
          TensorSpecs.builder()
              .add("extra.scale")
              .ignoreUnexpected(true)
              .build()
              .load(store)
              .get("extra.scale"));
      assertMessage(WeightMismatchException.class, "unexpected", () -> specs.check(store));
    }
  }

  @Test
  void builderRejectsDuplicatesAndNegativeDims() {
    TensorSpecs.Builder b = TensorSpecs.builder().add("a", 1);
    assertMessage(
        IllegalArgumentException.class, "tensor a was already added", () -> b.add("a", 2));
    assertMessage(IllegalArgumentException.class, "negative dimension", () -> b.add("c", -1));
  }
}
