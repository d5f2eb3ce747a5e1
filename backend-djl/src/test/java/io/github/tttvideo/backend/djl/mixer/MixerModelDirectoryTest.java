package io.github.tttvideo.backend.djl.mixer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.TinyModels;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.weights.WeightStore;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.VideoModel;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A model directory of every mixer written, read back and run through the backend's SPI. */
class MixerModelDirectoryTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(SequenceMixer.class)
  void everyMixerLoadsAndDenoisesThroughTheBackend(SequenceMixer mixer) throws IOException {
    ModelConfig c = TinyModels.config(TttVariant.MLP, 2, 48).withSequenceMixer(mixer, 1);
    Path dir = DjlModels.initialize(c, 5, tmp.resolve(mixer.jsonName()));
    assertEquals(mixer, ModelConfigReader.fromDirectory(dir).sequenceMixer());
    try (WeightStore w = WeightStore.open(dir)) {
      assertEquals(mixer.isAttention(), w.find("blocks.1.ssm_gate.video").isPresent());
      assertEquals(mixer.isTtt(), w.find("blocks.1.ttt_gate.forward_video").isPresent());
    }
    try (VideoModel m = new DjlBackendProvider().load(dir,
        new BackendOptions("cpu", 0, "float32"))) {
      SequenceLayout layout = SequenceLayout.of(3, c);
      int tt = layout.textTokensPerSegment();
      float[] text = new float[3 * tt * c.textDim()];
      for (int i = 0; i < 3; i++) {
        float[] e = m.textEncoder().encode("Tom chases Jerry to the left.", tt);
        System.arraycopy(e, 0, text, i * e.length, e.length);
      }
      int frames = layout.latentFrames();
      float[] z = TinyModels.gaussian(frames * c.latentChannels() * c.latentHeight()
          * c.latentWidth(), 9, 1.0);
      DenoiseInput in = new DenoiseInput(z, frames, text, 3, tt, 600);
      float[] v = m.predictVelocity(in);
      assertEquals(z.length, v.length);
      for (float f : v) {
        assertTrue(Float.isFinite(f), mixer + " gives a non-finite velocity");
      }
      assertArrayEquals(v, m.predictVelocity(in));
    }
  }
}
