package io.github.tttvideo.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.spi.Providers;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider and the loaded model: discovery, validation, text encoder and VAE vs DJL. */
class OnnxBackendProviderTest {

  @TempDir static Path tmp;
  static Path dir;
  static VideoModel onnx;

  @BeforeAll
  static void load() {
    dir = OnnxTestModels.tinyDirectory(tmp, TttVariant.MLP, 1, 9);
    onnx = new OnnxBackendProvider().load(dir, BackendOptions.defaults());
  }

  @AfterAll
  static void close() {
    onnx.close();
  }

  @Test
  void serviceLoaderFindsOnnx() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class).forEach(p -> names.add(p.name()));
    assertTrue(names.contains("onnx"), names.toString());
    BackendProvider p = Providers.backends().stream().filter(b -> b.name().equals("onnx"))
        .findFirst().orElseThrow();
    assertTrue(p.unavailableReason().isEmpty(), p.unavailableReason().toString());
  }

  @Test
  void wrongLatentFramesAreInvalidInput() {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    DenoiseInput good = OnnxTestModels.input(c, 1, 10, 1);
    float[] shorter = new float[good.latents().length - good.latents().length / good.latentFrames()];
    DenoiseInput bad = new DenoiseInput(shorter, good.latentFrames() - 1, good.text(), 1,
        good.textTokensPerSegment(), 10);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> onnx.predictVelocity(bad));
    assertTrue(e.getMessage().contains("latent frames"), e.getMessage());
  }

  @Test
  void wrongTextWidthIsInvalidInput() {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    DenoiseInput good = OnnxTestModels.input(c, 1, 10, 1);
    float[] text = new float[good.text().length * 2];
    assertThrows(InvalidInputException.class, () -> onnx.predictVelocity(new DenoiseInput(
        good.latents(), good.latentFrames(), text, 1, good.textTokensPerSegment(), 10)));
  }

  @Test
  void nonFiniteLatentsAreInvalidInput() {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    DenoiseInput in = OnnxTestModels.input(c, 1, 10, 1);
    in.latents()[3] = Float.NaN;
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> onnx.predictVelocity(in));
    assertTrue(e.getMessage().contains("latents[3]"), e.getMessage());
  }

  @Test
  void badLatentsForTheDecoderAreInvalidInput() {
    try (LatentDecoder d = onnx.openDecoder()) {
      assertThrows(InvalidInputException.class, () -> d.decodeNext(new float[7], 1));
    }
  }

  @Test
  void nativeMemoryReturnsToItsBaselineAfterManyCalls() {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    OnnxVideoModel m = (OnnxVideoModel) onnx;
    int baseline = m.openArrays();
    int perFrame = c.latentChannels() * c.latentHeight() * c.latentWidth();
    for (int i = 0; i < 10; i++) {
      onnx.predictVelocity(OnnxTestModels.input(c, 1 + i % 3, 10 * i, i));
      try (LatentDecoder d = onnx.openDecoder()) {
        d.decodeNext(new float[5 * perFrame], 5);
        d.decodeNext(new float[4 * perFrame], 4);
        assertTrue(m.openArrays() > baseline, "the decoder holds its state while open");
      }
      assertEquals(baseline, m.openArrays(), "after call " + i);
    }
  }

  @Test
  void gpuWithoutCudaIsUnavailable() {
    if (OnnxBackendProvider.cudaAvailable()) {
      return;
    }
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> new OnnxBackendProvider().load(dir, new BackendOptions("gpu", 0, "float32")));
    assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
  }

  @Test
  void halfPrecisionIsInvalidInput() {
    assertThrows(InvalidInputException.class,
        () -> new OnnxBackendProvider().load(dir, new BackendOptions("gpu", 0, "float16")));
  }

  @Test
  void textEncoderAndVaeDecoderMatchDjl() {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    int perFrame = c.latentChannels() * c.latentHeight() * c.latentWidth();
    int[] pieces = {5, 4, 4};
    try (VideoModel djl = new DjlBackendProvider().load(dir, BackendOptions.defaults());
        LatentDecoder a = djl.openDecoder();
        LatentDecoder b = onnx.openDecoder()) {
      String text = "<start_scene> Tom the blue cat chases Jerry's hat in the kitchen.";
      assertArrayEquals(djl.textEncoder().encode(text, 8), onnx.textEncoder().encode(text, 8));
      assertArrayEquals(djl.textEncoder().encode(" ", 8), onnx.textEncoder().encode(" ", 8));
      int seed = 0;
      for (int f : pieces) {
        float[] z = OnnxTestModels.gaussian(f * perFrame, seed++, 1.0);
        List<VideoFrame> ref = a.decodeNext(z, f);
        List<VideoFrame> got = b.decodeNext(z, f);
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < ref.size(); i++) {
          byte[] x = ref.get(i).rgb();
          byte[] y = got.get(i).rgb();
          for (int j = 0; j < x.length; j++) {
            int diff = Math.abs((x[j] & 0xff) - (y[j] & 0xff));
            assertTrue(diff <= 1, "frame " + i + " byte " + j + " differs by " + diff);
          }
        }
      }
    }
  }
}
