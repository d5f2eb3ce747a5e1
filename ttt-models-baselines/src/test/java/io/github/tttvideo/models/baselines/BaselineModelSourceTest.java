package io.github.tttvideo.models.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.Models;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.EmbeddedModelSource;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.weights.DType;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaselineModelSourceTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"toon-local", "toon-sliding", "toon-ttt-linear", "toon-ttt-mlp",
      "toon-full"})
  void aShippedBaselineUnpacksWithItsMixer(String name) {
    assumeTrue(BaselineModelSource.shipped().contains(name),
        name + " is not in this build's resources (not trained yet)");
    Path dir = new BaselineModelSource().find(name).orElseThrow();
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    assertEquals(name, "toon-" + c.sequenceMixer().jsonName());
    assertEquals(name, c.name());
    assertTrue(Files.isRegularFile(dir.resolve("vocab.json")));
  }

  @Test
  void otherNamesAreNotAnswered() {
    BaselineModelSource s = new BaselineModelSource(getClass().getClassLoader(), () -> tmp, false);
    assertEquals(Optional.empty(), s.find("toon"));
    assertEquals(Optional.empty(), s.find("toon-mamba"));
    assertEquals(Optional.empty(), s.find(null));
  }

  @Test
  void theSourceIsRegistered() {
    assertTrue(ServiceLoader.load(EmbeddedModelSource.class).stream()
        .anyMatch(p -> p.type() == BaselineModelSource.class));
  }

  @Test
  void aMissingBaselineNamesTheArtifact() {
    assumeTrue(!BaselineModelSource.shipped().contains("toon-full"));
    String msg = assertThrows(ModelLoadException.class,
        () -> ModelDirectories.resolve(Models.toon("full"))).getMessage();
    assertTrue(msg.contains("\"toon-full\"") && msg.contains(Models.BASELINES_ARTIFACT), msg);
  }

  @Test
  void shippedModelsAreF16CopiesFoundByName() throws IOException {
    Path model = Files.createDirectories(tmp.resolve("final"));
    ModelConfig config = ModelConfig.preset("toon").withSequenceMixer(SequenceMixer.SLIDING, 1);
    Files.writeString(model.resolve("config.json"), ModelConfigReader.toJson(config));
    Files.writeString(model.resolve("vocab.json"), "{\"<pad>\":0,\"tom\":4}");
    float[] a = {0.5f, -1.25f, 3.0e-3f, 7f, 0.1f, -0.2f};
    SafetensorsWriter.to(model.resolve("model.safetensors"))
        .add("blocks.0.ssm_gate.video", DType.F32, new long[] {2, 3}, a).write();
    Path resources = tmp.resolve("resources");
    Path dir = ShipBaselineMain.ship(model, resources);
    assertEquals(resources.resolve("io/github/tttvideo/models/toon-sliding"), dir);
    try (URLClassLoader cl = new URLClassLoader(new URL[] {resources.toUri().toURL()}, null)) {
      BaselineModelSource s = new BaselineModelSource(cl, () -> tmp.resolve("cache"), false);
      assertEquals(Optional.empty(), s.find("toon-full"));
      Path found = s.find("toon-sliding").orElseThrow();
      assertEquals("toon-sliding", ModelConfigReader.fromDirectory(found).name());
      try (WeightStore w = WeightStore.open(found)) {
        assertEquals(DType.F16, w.tensors().get(0).dtype());
        float[] back = w.tensor("blocks.0.ssm_gate.video").toFloatArray();
        for (int i = 0; i < a.length; i++) {
          assertEquals(a[i], back[i], Math.abs(a[i]) * 1e-3, "value " + i);
        }
        assertArrayEquals(new long[] {2, 3}, w.tensors().get(0).shape());
      }
    }
  }
}
