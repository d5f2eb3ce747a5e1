package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelsTest {

  @Test
  void toonIsTheEmbeddedDefaultByName() {
    assertEquals(Optional.of("toon"), Models.toon().name());
    assertTrue(Models.toon().directory().isEmpty());
    assertEquals(ModelReference.defaultModel(), Models.toon());
  }

  @Test
  void fromDirectoryKeepsThePath() {
    Path dir = Path.of("models", "mine");
    assertEquals(Optional.of(dir), Models.fromDirectory(dir).directory());
    assertTrue(Models.fromDirectory(dir).name().isEmpty());
    assertThrows(NullPointerException.class, () -> Models.fromDirectory(null));
  }

  @Test
  void theBuilderTakesAModelsReference() {
    Scene scene = Scene.of("In the kitchen. Tom the orange cat and Jerry the brown mouse are here."
        + " Tom chases Jerry to the left.");
    VideoStory story = VideoStory.builder().model(Models.toon()).scene(scene).build();
    assertEquals(Models.toon(), story.model());
    VideoStory other = story.toBuilder().model(Models.fromDirectory(Path.of("d"))).build();
    assertEquals(Optional.of(Path.of("d")), other.model().directory());
  }

  @Test
  void namedRejectsBlankNames() {
    assertEquals(Optional.of("toon"), Models.named(" toon ").name());
    assertThrows(InvalidInputException.class, () -> Models.named(" "));
  }

  @Test
  void toonBaselinesAreNamedAfterTheirMixer() {
    assertEquals(Optional.of("toon-sliding"), Models.toon("sliding").name());
    assertEquals(Models.named("toon-ttt-linear"), Models.toon("TTT_Linear"));
    for (String mixer : new String[] {"local", "sliding", "ttt-linear", "ttt-mlp", "full"}) {
      assertTrue(Models.isToonBaseline(Models.toon(mixer).name().orElseThrow()), mixer);
    }
    assertEquals(5, Models.TOON_BASELINES.size());
    assertTrue(Models.isToonBaseline(" Toon-Full "));
    String msg = assertThrows(InvalidInputException.class, () -> Models.toon("mamba"))
        .getMessage();
    assertTrue(msg.contains("\"mamba\"") && msg.contains("sliding"), msg);
    assertTrue(!Models.isToonBaseline("toon") && !Models.isToonBaseline(null));
  }
}
