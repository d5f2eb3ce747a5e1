package io.github.tttvideo.core.weights;

import static io.github.tttvideo.core.weights.SafetensorsFileTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightStoreTest {

  @TempDir Path dir;

  private Path model() throws IOException {
    Path model = Files.createDirectories(dir.resolve("model"));
    SafetensorsWriter.to(model.resolve("model-00001-of-00002.safetensors"))
        .add("embed.weight", new long[] {4, 2}, new float[] {0, 1, 2, 3, 4, 5, 6, 7})
        .add("blocks.0.w", DType.BF16, new long[] {2}, new float[] {0.5f, -0.25f})
        .write();
    SafetensorsWriter.to(model.resolve("model-00002-of-00002.safetensors"))
        .add("blocks.1.w", DType.F16, new long[] {2}, new float[] {8, 9})
        .write();
    index(
        model,
        "{\"metadata\":{\"total_size\":44},\"weight_map\":{"
            + "\"embed.weight\":\"model-00001-of-00002.safetensors\","
            + "\"blocks.0.w\":\"model-00001-of-00002.safetensors\","
            + "\"blocks.1.w\":\"model-00002-of-00002.safetensors\"}}");
    return model;
  }

  private static void index(Path model, String json) throws IOException {
    Files.writeString(model.resolve(WeightStore.INDEX_FILE), json);
  }

  @Test
  void shardedCheckpointRoundTrips() throws IOException {
    Path model = model();
    try (WeightStore store = WeightStore.open(model)) {
      assertEquals(model, store.location());
      assertEquals("44", store.metadata().get("total_size"));
      assertEquals(2, store.files().size());
      assertEquals(
          List.of("embed.weight", "blocks.0.w", "blocks.1.w"),
          store.tensors().stream().map(TensorInfo::name).toList());
      assertArrayEquals(
          new float[] {0, 1, 2, 3, 4, 5, 6, 7}, store.tensor("embed.weight").toFloatArray());
      assertArrayEquals(new float[] {0.5f, -0.25f}, store.tensor("blocks.0.w").toFloatArray());
      assertArrayEquals(new float[] {8, 9}, store.tensor("blocks.1.w").toFloatArray());
      assertEquals(model.resolve("model-00002-of-00002.safetensors"), store.fileOf("blocks.1.w"));
      assertMessage(
          WeightMismatchException.class,
          "tensor nope: missing from " + model,
          () -> store.tensor("nope"));
    }
  }

  @Test
  void singleFileAndDirectoryWithOneFileOpen() throws IOException {
    Path file =
        SafetensorsWriter.to(dir.resolve("model.safetensors"))
            .metadata("format", "pt")
            .add("x", new long[] {1}, new float[] {3})
            .write();
    try (WeightStore byFile = WeightStore.open(file);
        WeightStore byDir = WeightStore.open(dir)) {
      assertEquals("pt", byFile.metadata().get("format"));
      assertEquals(List.of(file), byDir.files());
      assertArrayEquals(new float[] {3}, byDir.tensor("x").toFloatArray());
    }
  }

  @Test
  void directoryWithoutCheckpointNamesWhatItFound() throws IOException {
    assertMessage(
        InvalidWeightsException.class,
        "no model.safetensors.index.json or model.safetensors in this directory and no .safetensors"
            + " file",
        () -> WeightStore.open(dir));
    SafetensorsWriter.to(dir.resolve("a.safetensors"))
        .add("x", new long[] {1}, new float[1])
        .write();
    SafetensorsWriter.to(dir.resolve("b.safetensors"))
        .add("x", new long[] {1}, new float[1])
        .write();
    assertMessage(
        InvalidWeightsException.class,
        "2 .safetensors files to choose from: a.safetensors, b.safetensors",
        () -> WeightStore.open(dir));
  }

  @Test
  void missingPathIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> WeightStore.open(dir.resolve("absent")));
  }

  @Test
  void missingShardIsNamed() throws IOException {
    Path model = model();
    index(model, "{\"weight_map\":{\"embed.weight\":\"model-00003-of-00002.safetensors\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "shard \"model-00003-of-00002.safetensors\" does not exist",
        () -> WeightStore.open(model));
  }

  @Test
  void shardOutsideTheDirectoryIsRefused() throws IOException {
    Path model = model();
    SafetensorsWriter.to(dir.resolve("outside.safetensors"))
        .add("embed.weight", new long[] {1}, new float[1])
        .write();
    index(model, "{\"weight_map\":{\"embed.weight\":\"../outside.safetensors\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "shard \"../outside.safetensors\" is outside the model directory",
        () -> WeightStore.open(model));
    index(
        model,
        "{\"weight_map\":{\"embed.weight\":\"" + dir.resolve("outside.safetensors") + "\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "is outside the model directory",
        () -> WeightStore.open(model));
    index(model, "{\"weight_map\":{\"embed.weight\":\"sub/../../outside.safetensors\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "is outside the model directory",
        () -> WeightStore.open(model));
  }

  @Test
  void symbolicLinkOutOfTheDirectoryIsRefused() throws IOException {
    Path model = model();
    Path outside =
        SafetensorsWriter.to(dir.resolve("outside.safetensors"))
            .add("embed.weight", new long[] {1}, new float[1])
            .write();
    Files.createSymbolicLink(model.resolve("link.safetensors"), outside);
    index(model, "{\"weight_map\":{\"embed.weight\":\"link.safetensors\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "shard \"link.safetensors\" resolves (through a link) outside the model directory",
        () -> WeightStore.open(model));
  }

  @Test
  void tensorMissingFromItsShardIsNamed() throws IOException {
    Path model = model();
    index(model, "{\"weight_map\":{\"blocks.1.w\":\"model-00001-of-00002.safetensors\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "tensor blocks.1.w is mapped to model-00001-of-00002.safetensors, which does not contain"
            + " it",
        () -> WeightStore.open(model));
  }

  @Test
  void malformedIndexIsRejected() throws IOException {
    Path model = model();
    index(model, "{\"weight_map\": [1]}");
    assertMessage(
        InvalidWeightsException.class,
        "\"weight_map\" must be an object",
        () -> WeightStore.open(model));
    index(model, "{\"weight_map\": {\"a\": 3}}");
    assertMessage(
        InvalidWeightsException.class,
        "weight_map.a must be a file name",
        () -> WeightStore.open(model));
    index(model, "{\"weight_map\": {\"a\": \"x\", \"a\": \"y\"}}");
    assertMessage(
        InvalidWeightsException.class,
        "index has a duplicate key: 'a'",
        () -> WeightStore.open(model));
    index(model, "not json");
    assertMessage(
        InvalidWeightsException.class,
        WeightStore.INDEX_FILE + ": index is not valid JSON",
        () -> WeightStore.open(model));
  }

  @Test
  void badShardIsReportedByName() throws IOException {
    Path model = model();
    Files.write(model.resolve("model-00002-of-00002.safetensors"), new byte[3]);
    assertMessage(
        InvalidWeightsException.class,
        "model-00002-of-00002.safetensors: file is 3 bytes",
        () -> WeightStore.open(model));
  }
}
