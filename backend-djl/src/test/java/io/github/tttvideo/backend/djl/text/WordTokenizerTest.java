package io.github.tttvideo.backend.djl.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.backend.djl.DjlModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordTokenizerTest {

  private final WordTokenizer tok = WordTokenizer.of(DjlModels.TOON_WORDS);

  private int id(String w) {
    return tok.vocabulary().get(w);
  }

  @Test
  void splitsOnNonLettersKeepsApostrophesAndSceneMarkers() {
    assertEquals(List.of("<start_scene>", "jerry", "puts", "on", "a", "chef's", "hat", "tom",
            "the", "blue", "gray", "cat", "<end_scene>"),
        WordTokenizer.words("<start_scene>Jerry puts on a Chef\u2019s hat. Tom the blue-gray cat"
            + "<end_scene>"));
  }

  @Test
  void encodesKnownPossessiveUnknownAndPads() {
    int[] ids = tok.encode("Jerry's hat, zebra!", 6);
    assertArrayEquals(new int[] {id("jerry"), id("'s"), id("hat"), WordTokenizer.UNK,
        WordTokenizer.PAD, WordTokenizer.PAD}, ids);
    assertArrayEquals(new int[] {id("tom"), id("jumps")}, tok.encode("Tom jumps. Tom sleeps.", 2));
    assertEquals(2, id("<start_scene>"));
    assertEquals(3, id("<end_scene>"));
  }

  @Test
  void vocabularyFileRoundTripsAndReservedIdsAreChecked(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("vocab.json");
    tok.write(f);
    assertEquals(tok.vocabulary(), WordTokenizer.read(f).vocabulary());
    assertThrows(InvalidInputException.class, () -> new WordTokenizer(Map.of("<pad>", 1)));
  }

  @Test
  void encoderGivesTokensTimesDimensionAndDependsOnWordOrder() {
    float[] table = new float[64 * 8];
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) Math.sin(i);
    }
    DjlTextEncoder enc = new DjlTextEncoder(tok, table, 64, 8);
    assertEquals(8, enc.dimension());
    float[] a = enc.encode("Tom chases Jerry", 5);
    assertEquals(40, a.length);
    assertNotEquals(java.util.Arrays.toString(a),
        java.util.Arrays.toString(enc.encode("Jerry chases Tom", 5)));
  }

  @Test
  void blankPromptEncodesToZerosAsTheTrainingDropout() {
    float[] table = new float[64 * 8];
    for (int i = 0; i < table.length; i++) {
      table[i] = (i % 13) * 0.1f + 0.05f;
    }
    DjlTextEncoder enc = new DjlTextEncoder(tok, table, 64, 8);
    for (String blank : new String[] {"", "   ", "\t\n"}) {
      float[] z = enc.encode(blank, 4);
      assertEquals(32, z.length);
      for (float v : z) {
        assertEquals(0f, v, "blank prompt must encode to zeros: \"" + blank + "\"");
      }
    }
    // a real prompt of pads only (unknown words) is not zero: only blank means unconditional
    float[] unk = enc.encode("zzz", 4);
    double sum = 0;
    for (float v : unk) {
      sum += Math.abs(v);
    }
    assertTrue(sum > 0);
  }
}
