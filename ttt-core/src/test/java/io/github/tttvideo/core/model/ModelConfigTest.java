package io.github.tttvideo.core.model;

import io.github.tttvideo.core.ttt.TttVariant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

  @Test
  void fiveBPresetHasTheReferenceNumbers() {
    ModelConfig c = ModelConfig.preset("5B");
    assertEquals(3072, c.width());
    assertEquals(48, c.heads());
    assertEquals(64, c.headDim());
    assertEquals(42, c.layers());
    assertEquals(4096, c.textDim());
    assertEquals(512, c.timeEmbedDim());
    assertEquals(TttVariant.MLP, c.tttVariant());
    assertEquals(64, c.miniBatch());
    assertEquals(0.1, c.tttBaseLr());
    assertEquals(30, c.gridHeight());
    assertEquals(45, c.gridWidth());
    assertEquals(1350, c.tokensPerFrame());
    assertEquals(12, c.latentFramesPerSegment());
    assertEquals(480, c.pixelHeight());
    assertEquals(720, c.pixelWidth());
    assertEquals(21, c.maxSegments());
    assertEquals(502, c.textTokensBySegments().get(3));
  }

  @Test
  void toonPresetHasSixteenTokensPerFrame() {
    ModelConfig c = ModelConfig.preset("toon");
    assertEquals(64, c.pixelWidth());
    assertEquals(16, c.tokensPerFrame());
    assertEquals(16, c.miniBatch());
    assertEquals(128, c.width());
    assertEquals(ModelConfig.preset("TOON"), c);
    assertEquals(8, ModelConfig.preset("debug").heads());
  }

  @Test
  void unknownPresetListsTheKnownOnes() {
    String msg = assertThrows(InvalidInputException.class, () -> ModelConfig.preset("7B"))
        .getMessage();
    assertTrue(msg.contains("\"7B\"") && msg.contains("toon, 5B, debug"), msg);
  }

  @Test
  void jsonRoundTripGivesAnEqualConfig() {
    for (String name : ModelConfig.presetNames()) {
      ModelConfig c = ModelConfig.preset(name);
      String json = ModelConfigReader.toJson(c);
      assertTrue(json.contains("\"text_tokens_per_segment\""), json);
      assertEquals(c, ModelConfigReader.fromJson(json, "config.json", "x"));
    }
  }

  @Test
  void readerFillsDefaultsAndAcceptsOfficialNames(@TempDir Path dir) throws Exception {
    Path model = Files.createDirectory(dir.resolve("tiny"));
    Files.writeString(model.resolve("config.json"), """
        {"model_dim": 64, "num_heads": 2, "layers": 1, "ttt_variant": "linear",
         "mini_batch_size": 16, "text_dim": 32, "latent_height": 8, "latent_width": 8,
         "txt_maxlen": 8, "max_segments": 4}
        """);
    ModelConfig c = ModelConfigReader.fromDirectory(model);
    assertEquals("tiny", c.name());
    assertEquals(64, c.width());
    assertEquals(1.0, c.tttBaseLr());
    assertEquals(TttVariant.LINEAR, c.tttVariant());
    assertEquals(12, c.latentFramesPerSegment());
    assertEquals(4, c.mlpRatio());
    assertEquals(256, c.mlpHidden());
    assertEquals(1e-6, c.layerNormEps());
    assertEquals(0, c.textVocabSize());
    assertEquals(java.util.List.of(128, 256, 512, 512), c.vaeChannels());
    assertEquals(c, ModelConfigReader.resolve(model.toString()));
    assertEquals(c, ModelConfigReader.resolve(ModelReference.ofDirectory(model)));
  }

  @Test
  void networkFieldsAreReadAndValidated() {
    String ok = ModelConfigReader.toJson(ModelConfig.preset("toon"));
    assertTrue(ok.contains("\"vae_channels\""), ok);
    ModelConfig toon = ModelConfig.preset("toon");
    assertEquals(128, toon.textVocabSize());
    assertEquals(java.util.List.of(8, 16, 32, 64), toon.vaeChannels());
    ModelConfig custom = ModelConfigReader.fromJson(
        ok.replace("\"mlp_ratio\" : 4", "\"mlp_ratio\" : 2"), "c.json", "x");
    assertEquals(2, custom.mlpRatio());
    assertTrue(assertThrows(InvalidInputException.class,
        () -> ModelConfigReader.fromJson(ok.replaceAll("\"vae_channels\" : \\[[^]]*]",
            "\"vae_channels\" : [ 8, 8 ]"), "c.json", "x"))
        .getMessage().contains("vae_channels must hold 4 positive widths"));
    assertTrue(assertThrows(InvalidInputException.class,
        () -> ModelConfigReader.fromJson(ok.replace("\"layer_norm_eps\" : 1.0E-6",
            "\"layer_norm_eps\" : 0.0"), "c.json", "x"))
        .getMessage().contains("layer_norm_eps must be finite and > 0"));
  }

  @Test
  void readerRejectsUnknownMissingAndInvalidFields() {
    String ok = ModelConfigReader.toJson(ModelConfig.preset("toon"));
    assertTrue(assertThrows(InvalidInputException.class,
        () -> ModelConfigReader.fromJson(ok.replace("\"heads\"", "\"haeds\""), "c.json", "x"))
        .getMessage().contains("unknown model config field \"haeds\""));
    assertTrue(assertThrows(InvalidInputException.class,
        () -> ModelConfigReader.fromJson("{\"width\": 8}", "c.json", "x"))
        .getMessage().contains("missing required model config field(s) [heads,"));
    assertTrue(assertThrows(InvalidInputException.class,
        () -> ModelConfigReader.fromJson(ok.replace("\"heads\" : 4", "\"heads\" : 3"), "c.json",
            "x")).getMessage().contains("width must be a multiple of heads, got 128 and 3"));
    assertTrue(assertThrows(InvalidInputException.class,
        () -> ModelConfigReader.fromJson("{\n  \"width\": ", "c.json", "x"))
        .getMessage().startsWith("c.json:2:"));
    assertThrows(InvalidInputException.class, () -> ModelConfigReader.resolve("no-such-model"));
  }
}
