package io.github.tttvideo.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.ttt.TttVariant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The {@code sequence_mixer} and {@code sliding_window_segments} fields of issue #7. */
class ModelConfigMixerTest {

  private static String json(String extra) {
    return "{\"width\": 32, \"heads\": 2, \"layers\": 1, \"mini_batch\": 16, \"text_dim\": 16,"
        + " \"latent_height\": 8, \"latent_width\": 8, \"text_tokens_per_segment\": 4,"
        + " \"max_segments\": 4" + extra + "}";
  }

  private static ModelConfig read(String extra) {
    return ModelConfigReader.fromJson(json(extra), "config.json", "m");
  }

  @ParameterizedTest
  @EnumSource(SequenceMixer.class)
  void everyMixerSurvivesAJsonRoundTrip(SequenceMixer mixer) {
    ModelConfig c = ModelConfig.preset("toon").withSequenceMixer(mixer, 2);
    String text = ModelConfigReader.toJson(c);
    assertTrue(text.contains("\"sequence_mixer\" : \"" + mixer.jsonName() + "\""), text);
    ModelConfig back = ModelConfigReader.fromJson(text, "c", "x");
    assertEquals(c, back);
    assertEquals(mixer, back.sequenceMixer());
    assertEquals(2, back.slidingWindowSegments());
  }

  @Test
  void anAbsentMixerMeansTheTttBlockOfTheVariant() {
    ModelConfig mlp = read(", \"ttt_variant\": \"mlp\"");
    assertEquals(SequenceMixer.TTT_MLP, mlp.sequenceMixer());
    assertEquals(1, mlp.slidingWindowSegments());
    assertEquals(SequenceMixer.TTT_LINEAR,
        read(", \"ttt_variant\": \"linear\"").sequenceMixer());
    assertEquals(SequenceMixer.TTT_MLP, ModelConfig.preset("toon").sequenceMixer());
  }

  @Test
  void aMixerWithoutVariantDerivesTheVariant() {
    ModelConfig linear = read(", \"sequence_mixer\": \"ttt-linear\"");
    assertEquals(TttVariant.LINEAR, linear.tttVariant());
    assertEquals(1.0, linear.tttBaseLr());
    ModelConfig sliding = read(", \"sequence_mixer\": \"sliding\", \"sliding_window_segments\": 3");
    assertEquals(SequenceMixer.SLIDING, sliding.sequenceMixer());
    assertEquals(3, sliding.slidingWindowSegments());
    assertEquals(SequenceMixer.FULL, read(", \"sequence_mixer\": \"FULL\"").sequenceMixer());
  }

  @Test
  void badValuesAreNamed() {
    String unknown = assertThrows(InvalidInputException.class,
        () -> read(", \"sequence_mixer\": \"mamba\"")).getMessage();
    assertTrue(unknown.contains("sequence_mixer") && unknown.contains("\"mamba\"")
        && unknown.contains("sliding"), unknown);
    String window = assertThrows(InvalidInputException.class,
        () -> read(", \"sequence_mixer\": \"sliding\", \"sliding_window_segments\": 0"))
        .getMessage();
    assertTrue(window.contains("sliding_window_segments must be >= 1, got 0"), window);
    String contradiction = assertThrows(InvalidInputException.class,
        () -> read(", \"ttt_variant\": \"mlp\", \"sequence_mixer\": \"ttt-linear\"")).getMessage();
    assertTrue(contradiction.contains("contradicts ttt_variant mlp"), contradiction);
    String missing = assertThrows(InvalidInputException.class, () -> read("")).getMessage();
    assertTrue(missing.contains("ttt_variant"), missing);
    String number = assertThrows(InvalidInputException.class,
        () -> read(", \"sequence_mixer\": \"sliding\", \"sliding_window_segments\": 1.5"))
        .getMessage();
    assertTrue(number.contains("sliding_window_segments") || number.contains("invalid"), number);
  }

  @Test
  void withSequenceMixerSetsTheVariantAndItsBaseRate() {
    ModelConfig toon = ModelConfig.preset("toon");
    ModelConfig linear = toon.withSequenceMixer(SequenceMixer.TTT_LINEAR, 1);
    assertEquals(TttVariant.LINEAR, linear.tttVariant());
    assertEquals(1.0, linear.tttBaseLr());
    ModelConfig full = toon.withSequenceMixer(SequenceMixer.FULL, 1);
    assertEquals(TttVariant.MLP, full.tttVariant());
    assertEquals(toon, toon.withSequenceMixer(SequenceMixer.TTT_MLP, 1));
  }
}
