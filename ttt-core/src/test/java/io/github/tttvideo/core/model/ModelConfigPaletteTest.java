package io.github.tttvideo.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.mixer.SequenceMixer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional {@code vae_palette}: validation, JSON, the RGB table and the copy helpers. */
class ModelConfigPaletteTest {

  private static final List<String> FOUR = List.of("#FF0000", "#00ff00", "#0000FF", "#808080");

  private static ModelConfig toon() {
    return ModelConfig.preset("toon");
  }

  private static String paletteError(List<String> palette) {
    return assertThrows(InvalidInputException.class, () -> toon().withVaePalette(palette))
        .getMessage();
  }

  @Test
  void badHexOneColourAndNullEntriesAreRejectedNamingTheField() {
    for (String bad : List.of("#GG0000", "FF0000", "#FFF", "#FF00000", "#FF 000", "", "red")) {
      String msg = paletteError(List.of("#000000", bad));
      assertTrue(msg.contains("vae_palette") && msg.contains("\"" + bad + "\""), msg);
    }
    String one = paletteError(List.of("#000000"));
    assertTrue(one.contains("vae_palette") && one.contains("at least 2"), one);
    String empty = paletteError(List.of());
    assertTrue(empty.contains("vae_palette") && empty.contains("at least 2"), empty);
    String nul = paletteError(Arrays.asList("#000000", null));
    assertTrue(nul.contains("vae_palette") && nul.contains("null"), nul);
  }

  @Test
  void theReaderRejectsABadPaletteNamingTheField() {
    String ok = ModelConfigReader.toJson(toon().withVaePalette(FOUR));
    for (String bad : List.of("[ \"#000000\" ]", "[ \"#000000\", null ]",
        "[ \"#000000\", \"#12345\" ]", "[ ]")) {
      String json = ok.replaceAll("\"vae_palette\" : \\[[^]]*]", "\"vae_palette\" : " + bad);
      assertFalse(json.equals(ok), json);
      String msg = assertThrows(InvalidInputException.class,
          () -> ModelConfigReader.fromJson(json, "c.json", "x")).getMessage();
      assertTrue(msg.startsWith("c.json: invalid model config") && msg.contains("vae_palette"),
          msg);
    }
  }

  @Test
  void jsonRoundTripKeepsThePalette() {
    ModelConfig c = toon().withVaePalette(FOUR);
    String json = ModelConfigReader.toJson(c);
    assertTrue(json.contains("\"vae_palette\""), json);
    assertTrue(json.contains("\"#00ff00\""), json); // written as given
    ModelConfig back = ModelConfigReader.fromJson(json, "config.json", "x");
    assertEquals(c, back);
    assertEquals(FOUR, back.vaePalette());
    assertEquals(4, back.vaeOutputChannels());
  }

  @Test
  void aConfigWithoutPaletteWritesNoPaletteKeyAndReadsBackEqual() {
    for (String name : ModelConfig.presetNames()) {
      ModelConfig c = ModelConfig.preset(name);
      assertNull(c.vaePalette());
      String json = ModelConfigReader.toJson(c);
      assertFalse(json.contains("vae_palette"), json);
      assertEquals(c, ModelConfigReader.fromJson(json, "config.json", "x"));
    }
    // an explicit null reads as no palette
    String json = ModelConfigReader.toJson(toon());
    String withNull = json.replaceFirst("\\{", "{\n  \"vae_palette\" : null,");
    assertTrue(withNull.contains("\"vae_palette\" : null"), withNull);
    assertEquals(toon(), ModelConfigReader.fromJson(withNull, "c.json", "x"));
  }

  @Test
  void paletteRgbIsRowMajorInMinusOneToOne() {
    ModelConfig c = toon().withVaePalette(
        List.of("#FF0000", "#000000", "#FFFFFF", "#80ff00", "#0A141E"));
    float[] rgb = c.vaePaletteRgb();
    assertArrayEquals(new float[] {
        1, -1, -1,
        -1, -1, -1,
        1, 1, 1,
        128 / 127.5f - 1, 1, -1,
        10 / 127.5f - 1, 20 / 127.5f - 1, 30 / 127.5f - 1}, rgb, 1e-6f);
    assertEquals(5, c.vaeOutputChannels());
    assertNull(toon().vaePaletteRgb());
    assertEquals(3, toon().vaeOutputChannels());
  }

  @Test
  void withVaePaletteKeepsEveryOtherField() throws Exception {
    ModelConfig base = toon().withSequenceMixer(SequenceMixer.SLIDING, 3).withName("other");
    ModelConfig pal = base.withVaePalette(FOUR);
    for (RecordComponent rc : ModelConfig.class.getRecordComponents()) {
      Object a = rc.getAccessor().invoke(base);
      Object b = rc.getAccessor().invoke(pal);
      if (rc.getName().equals("vaePalette")) {
        assertNull(a);
        assertEquals(FOUR, b);
      } else {
        assertEquals(a, b, rc.getName());
      }
    }
    assertEquals(base, pal.withVaePalette(null));
    // and the other copy helpers keep the palette
    assertEquals(FOUR, pal.withName("renamed").vaePalette());
    assertEquals(FOUR, pal.withSequenceMixer(SequenceMixer.FULL, 1).vaePalette());
  }

  @Test
  void thePaletteIsCopiedAndUnmodifiable() {
    List<String> mine = new ArrayList<>(FOUR);
    ModelConfig c = toon().withVaePalette(mine);
    mine.set(0, "#123456");
    assertEquals(FOUR, c.vaePalette());
    assertThrows(UnsupportedOperationException.class, () -> c.vaePalette().add("#000000"));
    assertEquals(c, toon().withVaePalette(new ArrayList<>(FOUR)));
    assertEquals(c.hashCode(), toon().withVaePalette(new ArrayList<>(FOUR)).hashCode());
  }
}
