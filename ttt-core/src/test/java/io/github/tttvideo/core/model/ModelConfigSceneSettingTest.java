package io.github.tttvideo.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The optional {@code scene_setting} pattern of a model config. */
class ModelConfigSceneSettingTest {

  private static ModelConfig read(String extra) {
    return ModelConfigGuidanceTest.read(extra);
  }

  @Test
  void absentMeansNoneAndIsNotWritten() {
    ModelConfig c = read("");
    assertNull(c.sceneSetting());
    String json = ModelConfigReader.toJson(c);
    assertFalse(json.contains("scene_setting"), json);
    assertEquals(c, ModelConfigReader.fromJson(json, "back.json", "m"));
  }

  @Test
  void roundTripsThroughJsonAndSurvivesTheOtherWithers() {
    ModelConfig c = read(", \"scene_setting\": \"(?:In the kitchen\\\\.|On the beach\\\\.)\"");
    assertEquals("(?:In the kitchen\\.|On the beach\\.)", c.sceneSetting());
    String json = ModelConfigReader.toJson(c);
    assertTrue(json.contains("\"scene_setting\""), json);
    assertEquals(c, ModelConfigReader.fromJson(json, "back.json", "m"));
    assertEquals(c.sceneSetting(), c.withGuidance("constant:3").withName("n")
        .withVaePalette(java.util.List.of("#000000", "#FFFFFF")).sceneSetting());
    assertNull(c.withSceneSetting(null).sceneSetting());
    assertEquals("x", read("").withSceneSetting("x").sceneSetting());
  }

  @Test
  void badPatternsNameTheField() {
    for (String bad : new String[] {"(In the", "[a-", " "}) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> read(", \"scene_setting\": \"" + bad + "\""), bad);
      assertTrue(e.getMessage().contains("scene_setting"), e.getMessage());
    }
  }
}
