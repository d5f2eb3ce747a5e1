package io.github.tttvideo.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.layout.SequenceLayout;
import org.junit.jupiter.api.Test;

/** {@link ModelConfig#withTextTokens(int)}: Tt changes, nothing else does. */
class ModelConfigTextTokensTest {

  @Test
  void changesOnlyTheTextTokensAndRoundTrips() {
    ModelConfig c = ModelConfigGuidanceTest.read(", \"guidance\": \"constant:6\"");
    ModelConfig t = c.withTextTokens(c.textTokensPerSegment() + 16);
    assertEquals(c.textTokensPerSegment() + 16, t.textTokensPerSegment());
    assertEquals(c, t.withTextTokens(c.textTokensPerSegment()));
    assertEquals(c.guidance(), t.guidance());
    assertEquals(c.width(), t.width());
    assertEquals(t, ModelConfigReader.fromJson(ModelConfigReader.toJson(t), "t.json", "m"));
    // the layout of a story follows it
    assertEquals(t.textTokensPerSegment(), SequenceLayout.of(2, t).textTokensPerSegment());
  }

  @Test
  void refusesFewerThanOneToken() {
    ModelConfig c = ModelConfigGuidanceTest.read("");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> c.withTextTokens(0));
    assertTrue(e.getMessage().contains("text_tokens_per_segment"), e.getMessage());
  }
}
