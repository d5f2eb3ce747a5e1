package io.github.tttvideo.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The optional {@code guidance} a model config recommends. */
class ModelConfigGuidanceTest {

  private static final String MINIMAL = "{\"width\": 8, \"heads\": 1, \"layers\": 1,"
      + " \"ttt_variant\": \"linear\", \"mini_batch\": 1, \"latent_channels\": 2,"
      + " \"text_dim\": 4, \"latent_height\": 4, \"latent_width\": 4,"
      + " \"text_tokens_per_segment\": 4, \"max_segments\": 4";

  /** A minimal config with the given extra keys (", \"key\": value ..."). */
  static ModelConfig read(String extra) {
    return ModelConfigReader.fromJson(MINIMAL + extra + "}", "config.json", "m");
  }

  @Test
  void absentMeansNoneAndIsNotWritten() {
    ModelConfig c = read("");
    assertTrue(c.recommendedGuidance().isEmpty());
    String json = ModelConfigReader.toJson(c);
    assertFalse(json.contains("\"guidance\""), json);
    assertEquals(c, ModelConfigReader.fromJson(json, "back.json", "m"));
  }

  @Test
  void scheduleAndScaleAreParsedInAnyCase() {
    ModelConfig.Guidance g = read(", \"guidance\": \"constant:6\"").recommendedGuidance()
        .orElseThrow();
    assertEquals(GuidanceSchedule.CONSTANT, g.schedule());
    assertEquals(6.0, g.scale());
    g = read(", \"guidance\": \"Dynamic_Cosine: 4.5\"").recommendedGuidance().orElseThrow();
    assertEquals(GuidanceSchedule.DYNAMIC_COSINE, g.schedule());
    assertEquals(4.5, g.scale());
  }

  @Test
  void roundTripsThroughJson() {
    ModelConfig c = read(", \"guidance\": \"official_timestep:3\"");
    String json = ModelConfigReader.toJson(c);
    assertTrue(json.contains("\"guidance\" : \"official_timestep:3\""), json);
    assertEquals(c, ModelConfigReader.fromJson(json, "back.json", "m"));
    assertEquals("constant:2", c.withGuidance("constant:2").guidance());
    assertEquals(c.width(), c.withGuidance(null).width());
    assertTrue(c.withGuidance(null).recommendedGuidance().isEmpty());
  }

  @Test
  void badValuesNameTheField() {
    for (String bad : new String[] {"constant", "loud:3", "constant:-1", "constant:NaN",
        "constant:x", ":2"}) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> read(", \"guidance\": \"" + bad + "\""), bad);
      assertTrue(e.getMessage().contains("guidance"), e.getMessage());
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }
}
