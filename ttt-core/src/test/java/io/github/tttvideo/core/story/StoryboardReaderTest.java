package io.github.tttvideo.core.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.StoryboardException;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryboardReaderTest {

  static Path official() throws Exception {
    return Path.of(StoryboardReaderTest.class.getResource("/storyboards/official-example-9s.json")
        .toURI());
  }

  @Test
  void officialExampleHoldsThreeVideosOfThreeScenes() throws Exception {
    Storyboard board = StoryboardReader.defaults().read(official());
    assertEquals(3, board.videos().size());
    for (VideoStory v : board.videos()) {
      assertEquals(3, v.segmentCount());
      assertEquals(9, v.durationSeconds());
      assertEquals(3, v.scenes().size());
      assertEquals(List.of(0, 1, 2), v.segments().stream().map(Segment::sceneIndex).toList());
      assertEquals(List.of(false, true, true),
          v.segments().stream().map(Segment::requiresSceneTransition).toList());
    }
    Segment first = board.videos().get(0).segments().get(0);
    assertTrue(first.text().startsWith("Jerry the brown mouse is standing on a wooden table"));
    assertTrue(first.negativeText().startsWith("blurry image, deformed limbs"));
    assertEquals(new SourcePosition(2, 2), board.positions().get(0));
    board.requireFits(ModelConfig.preset("5B"));
  }

  @Test
  void segmentsWithoutTransitionStayInTheScene() {
    Storyboard b = StoryboardReader.defaults().readJson("""
        [[{"text": "a"}, {"text": "b", "neg_text": null},
          {"text": "c", "requires_scene_transition": true, "neg_text": "n"}]]""", "s.json");
    VideoStory v = b.videos().get(0);
    assertEquals(2, v.scenes().size());
    assertEquals(List.of(0, 0, 1), v.segments().stream().map(Segment::sceneIndex).toList());
    assertNull(v.segments().get(1).negativeText());
    assertEquals("n", v.segments().get(2).negativeText());
  }

  @Test
  void firstSegmentTransitionIsForcedFalse() {
    VideoStory v = StoryboardReader.defaults()
        .readJson("[[{\"text\": \"a\", \"requires_scene_transition\": true}]]", "s.json")
        .videos().get(0);
    assertFalse(v.segments().get(0).requiresSceneTransition());
  }

  @Test
  void unknownFieldsAreKeptAsRawJsonInOrder() {
    VideoStory v = StoryboardReader.defaults().readJson("""
        [[{"text": "a", "camera": {"move": "pan", "speed": 2}, "tags": ["x", 1], "z": null}]]""",
        "s.json").videos().get(0);
    Map<String, String> extra = v.segments().get(0).extraFields();
    assertEquals(List.of("camera", "tags", "z"), List.copyOf(extra.keySet()));
    assertEquals("{\"move\":\"pan\",\"speed\":2}", extra.get("camera"));
    assertEquals("[\"x\",1]", extra.get("tags"));
    assertEquals("null", extra.get("z"));
  }

  @Test
  void jsonLinesHoldOneVideoPerLineAndSkipBlankLines(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.jsonl");
    Files.writeString(f, "[{\"text\": \"a\"}]\n\n[{\"text\": \"b\"}, {\"text\": \"c\"}]\n");
    Storyboard b = StoryboardReader.defaults().read(f);
    assertEquals(2, b.videos().size());
    assertEquals(2, b.videos().get(1).segmentCount());
    assertEquals(new SourcePosition(3, 1), b.positions().get(1));
  }

  @Test
  void storiesLongerThanTheModelAreRejectedBeforeCompute() {
    StringBuilder sb = new StringBuilder("[\n  [");
    for (int i = 0; i < 22; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"text\": \"s").append(i).append("\"}");
    }
    sb.append("]\n]");
    Storyboard b = StoryboardReader.defaults().readJson(sb.toString(), "long.json");
    StoryboardException e = assertThrows(StoryboardException.class,
        () -> b.requireFits(ModelConfig.preset("5B")));
    assertEquals("long.json:2:3: video 0 has 22 segments (66 s) but model 5B supports at most"
        + " 21 (63 s)", e.getMessage());
  }

  @Test
  void limitsBoundHugeInputs(@TempDir Path dir) throws Exception {
    String longText = "a".repeat(StoryboardReader.MAX_STRING + 1);
    StoryboardException e = assertThrows(StoryboardException.class,
        () -> StoryboardReader.defaults().readJson("[[{\"text\": \"" + longText + "\"}]]", "x"));
    assertTrue(e.getMessage().contains("exceeds a limit"), e.getMessage());

    Path f = dir.resolve("big.json");
    Files.writeString(f, "[[{\"text\": \"" + "b".repeat(200) + "\"}]]");
    StoryboardReader small = StoryboardReader.withLimits(100, 10, 10);
    assertTrue(assertThrows(StoryboardException.class, () -> small.read(f)).getMessage()
        .contains("more than the limit of 100 bytes"));

    String many = "[[" + "{\"text\":\"a\"},".repeat(11) + "{\"text\":\"a\"}]]";
    assertTrue(assertThrows(StoryboardException.class,
        () -> StoryboardReader.withLimits(1000, 10, 10).readJson(many, "m"))
        .getMessage().contains("more than 10 segments"));
  }

  @Test
  void byteOrderMarkIsSkippedAndBadUtf8IsMalformed(@TempDir Path dir) throws Exception {
    Path bom = dir.resolve("bom.json");
    Files.write(bom, ("\uFEFF[[{\"text\": \"caf\u00e9\"}]]").getBytes("UTF-8"));
    assertEquals("caf\u00e9",
        StoryboardReader.defaults().read(bom).videos().get(0).segments().get(0).text());
    Path bad = dir.resolve("bad.json");
    Files.write(bad, new byte[] {'[', '[', '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3,
        (byte) 0x28, '"', '}', ']', ']'});
    StoryboardException e =
        assertThrows(StoryboardException.class, () -> StoryboardReader.defaults().read(bad));
    assertTrue(e.getMessage().startsWith(bad + ":1:") && e.getMessage().contains("UTF-8"),
        e.getMessage());
  }

  @Test
  void missingFileIsAnIoError() {
    assertThrows(NoSuchFileException.class,
        () -> StoryboardReader.defaults().read(Path.of("no/such/story.json")));
  }
}
