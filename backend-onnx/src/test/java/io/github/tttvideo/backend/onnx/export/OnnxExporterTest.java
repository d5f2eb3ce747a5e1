package io.github.tttvideo.backend.onnx.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.WeightMismatchException;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export: the files, their structure, the cache, and clear errors for unexportable models. */
class OnnxExporterTest {

  @TempDir Path tmp;

  private Path model(TttVariant variant) {
    return DjlModels.initialize(OnnxSequenceBlockTest.tiny(variant), 1, tmp.resolve("m"));
  }

  @Test
  void writesThreeGraphsWithOneScanPerTttPass() throws IOException {
    List<Path> files = OnnxExporter.export(model(TttVariant.MLP), tmp.resolve("out"));
    assertEquals(List.of(OnnxExporter.DENOISER, OnnxExporter.VAE_FIRST, OnnxExporter.VAE_NEXT),
        files.stream().map(p -> p.getFileName().toString()).toList());
    ModelProto m;
    try (InputStream in = Files.newInputStream(files.get(0))) {
      m = ModelProto.parseFrom(in);
    }
    assertEquals(OnnxExporter.OPSET, m.getOpsetImport(0).getVersion());
    long scans = m.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("Scan")).count();
    assertEquals(2, scans, "one layer: a forward and a reversed TTT pass");
    assertEquals("velocity", m.getGraph().getOutput(0).getName());
    assertEquals("latents", m.getGraph().getInput(0).getName());
  }

  @Test
  void cacheExportsOnceAndIsKeyedByContent() throws IOException {
    Path dir = model(TttVariant.LINEAR);
    System.setProperty(OnnxExportCache.CACHE_PROPERTY, tmp.resolve("cache").toString());
    try {
      Path a = OnnxExportCache.resolve(dir);
      FileTime t = Files.getLastModifiedTime(a.resolve(OnnxExporter.DENOISER));
      assertEquals(a, OnnxExportCache.resolve(dir));
      assertEquals(t, Files.getLastModifiedTime(a.resolve(OnnxExporter.DENOISER)));
      try (var s = Files.list(tmp.resolve("cache"))) {
        assertEquals(1, s.count(), "no temporary folder left behind");
      }
      DjlModels.initialize(OnnxSequenceBlockTest.tiny(TttVariant.LINEAR), 2, dir); // new weights
      assertNotEquals(a, OnnxExportCache.resolve(dir));
    } finally {
      System.clearProperty(OnnxExportCache.CACHE_PROPERTY);
    }
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    Path dir = model(TttVariant.LINEAR);
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    Path weights = dir.resolve(WeightStore.SINGLE_FILE);
    Map<String, float[]> all = DjlModels.randomWeights(c, 1);
    Map<String, long[]> shapes = io.github.tttvideo.backend.djl.dit.TttDenoiserParameters.all(c);
    SafetensorsWriter out = SafetensorsWriter.to(weights);
    all.forEach((k, v) -> {
      if (!k.equals("blocks.0.ttt.W1")) {
        out.add(k, shapes.get(k), v);
      }
    });
    out.write();
    WeightMismatchException e = assertThrows(WeightMismatchException.class,
        () -> OnnxExporter.export(dir, tmp.resolve("out")));
    assertEquals("blocks.0.ttt.W1", e.tensor());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void attentionMixerIsNotExportable() {
    ModelConfig c = OnnxSequenceBlockTest.tiny(TttVariant.LINEAR)
        .withSequenceMixer(io.github.tttvideo.core.mixer.SequenceMixer.SLIDING, 1);
    Path dir = DjlModels.initialize(c, 1, tmp.resolve("sliding"));
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> OnnxExporter.export(dir, tmp.resolve("out")));
    assertTrue(e.getMessage().contains("sequence_mixer is sliding"), e.getMessage());
    assertTrue(e.getMessage().contains("djl"), e.getMessage());
  }

  @Test
  void directoryWithoutConfigIsRefused() {
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> OnnxExporter.export(tmp, tmp.resolve("out")));
    assertTrue(e.getMessage().contains("config.json"), e.getMessage());
  }

  @Test
  void graphOverTheLimitMovesItsWeightsToExternalData() throws IOException {
    Path dir = model(TttVariant.LINEAR);
    OnnxExporter.export(dir, tmp.resolve("inline"));
    List<Path> files = OnnxExporter.export(dir, tmp.resolve("out"), 20_000);
    List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(names.contains("denoiser.onnx.data"), names.toString());
    long inline = Files.size(tmp.resolve("inline/denoiser.onnx"));
    long graph = Files.size(tmp.resolve("out/denoiser.onnx"));
    long data = Files.size(tmp.resolve("out/denoiser.onnx.data"));
    assertTrue(graph + 100_000 < inline && data > 100_000, inline + ": " + graph + " + " + data);
  }
}
