package io.github.tttvideo.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.github.tttvideo.backend.onnx.export.OnnxExporter;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graphs with their weights in external data files run like graphs with inline weights. */
class OnnxExternalDataTest {

  @TempDir Path tmp;

  @Test
  void externalDataGivesTheSameOutputs() {
    Path dir = OnnxTestModels.tinyDirectory(tmp, TttVariant.MLP, 1, 4);
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    Path inline = tmp.resolve("inline");
    Path external = tmp.resolve("external");
    OnnxExporter.export(dir, inline);
    OnnxExporter.export(dir, external, 1000);
    assertTrue(Files.isRegularFile(external.resolve("denoiser.onnx.data")));
    assertTrue(Files.isRegularFile(external.resolve("vae_next.onnx.data")));
    DenoiseInput in = OnnxTestModels.input(c, 2, 300, 3);
    int perFrame = c.latentChannels() * c.latentHeight() * c.latentWidth();
    float[] z = OnnxTestModels.gaussian(5 * perFrame, 8, 1.0);
    try (OnnxVideoModel a = new OnnxVideoModel(c, dir, inline, Device.cpu(), 1);
        OnnxVideoModel b = new OnnxVideoModel(c, dir, external, Device.cpu(), 1);
        LatentDecoder da = a.openDecoder();
        LatentDecoder db = b.openDecoder()) {
      assertArrayEquals(a.predictVelocity(in), b.predictVelocity(in));
      for (int piece = 0; piece < 2; piece++) {
        List<VideoFrame> fa = da.decodeNext(z, 5);
        List<VideoFrame> fb = db.decodeNext(z, 5);
        for (int i = 0; i < fa.size(); i++) {
          assertArrayEquals(fa.get(i).rgb(), fb.get(i).rgb());
        }
      }
    }
  }
}
