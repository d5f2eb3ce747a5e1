package io.github.tttvideo.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One denoiser step on ONNX Runtime against the DJL backend on the same weights. */
class OnnxDenoiserParityTest {

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}, {1} segment(s)")
  @CsvSource({"LINEAR, 1", "LINEAR, 3", "MLP, 1", "MLP, 3"})
  void tinyRandomModelMatchesDjl(TttVariant variant, int segments) {
    Path dir = OnnxTestModels.tinyDirectory(tmp, variant, 2, 7);
    assertParity(dir, segments, 500);
  }

  @Test
  void toonModelOneStepMatchesDjl() {
    assertParity(OnnxTestModels.toon(), 3, 999);
  }

  private static void assertParity(Path dir, int segments, int timestep) {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    DenoiseInput in = OnnxTestModels.input(c, segments, timestep, 11);
    float[] ref;
    try (VideoModel djl = new DjlBackendProvider().load(dir, BackendOptions.defaults())) {
      ref = djl.predictVelocity(in);
    }
    float[] got;
    try (VideoModel onnx = new OnnxBackendProvider().load(dir, BackendOptions.defaults())) {
      got = onnx.predictVelocity(in);
    }
    double rel = OnnxTestModels.relativeError(got, ref);
    org.slf4j.LoggerFactory.getLogger(OnnxDenoiserParityTest.class)
        .info("{} {} segment(s): relative error {}", c.name(), segments, rel);
    assertTrue(rel <= 1e-4, "relative error " + rel);
  }
}
