package io.github.tttvideo.toon.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StoryboardJsonTest {
  private final StoryParser parser = new StoryParser();

  @Property(tries = 200)
  void writtenStoriesParseBackToThemselves(@ForAll long seed) {
    ToonStory story = new StoryGenerator().generate(seed);
    List<ParsedStory> back = StoryboardJson.read(StoryboardJson.write(List.of(story)));
    assertEquals(1, back.size());
    assertEquals(story, back.get(0).story());
    assertTrue(back.get(0).ignoredSentences().isEmpty());
  }

  @Test
  void writesTheOfficialFormat() throws Exception {
    ToonStory story = new StoryGenerator().generate(1, 3);
    JsonNode root = new ObjectMapper().readTree(StoryboardJson.write(List.of(story, story)));
    assertEquals(2, root.size());
    JsonNode seg = root.get(0).get(0);
    assertEquals(List.of("text", "requires_scene_transition", "neg_text"),
        iterate(seg.fieldNames()));
    assertEquals(story.text(0), seg.get("text").asText());
    assertTrue(seg.get("requires_scene_transition").isBoolean());
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void understandsAHandWrittenStoryboard() {
    String json = """
        [[{"text": "In the kitchen.  Tom the black cat and Jerry the brown mouse are here. \
        Tom chases Jerry to the right.", "requires_scene_transition": false, "neg_text": ""},
          {"text": "tom sleeps. Jerry puts on a chef's hat.", "requires_scene_transition": false},
          {"text": "On the beach. Jerry hides in a hole.", "requires_scene_transition": true,
           "neg_text": "x", "extra": 1}]]""";
    ToonStory story = StoryboardJson.read(json).get(0).story();
    assertEquals(FurColour.BLACK, story.fur());
    assertEquals(Room.KITCHEN, story.segment(1).room());
    assertEquals(Action.SLEEPS, story.segment(1).action());
    assertEquals(Event.CHEFS_HAT, story.segment(1).event());
    assertEquals(Room.BEACH, story.segment(2).room());
    assertTrue(story.segment(2).newScene());
  }

  @Test
  void ignoresUnknownSentencesAndListsThem() {
    ParsedStory parsed = parser.parse(List.of(
        new StoryboardEntry("In the garden. It is sunny! Tom the orange cat and Jerry the brown"
            + " mouse are here. Tom jumps. Birds sing.", false, "")));
    assertEquals(List.of("segment 0: It is sunny!", "segment 0: Birds sing."),
        parsed.ignoredSentences());
    assertEquals(Action.JUMPS, parsed.story().segment(0).action());
  }

  @Test
  void rejectsGrammarErrorsNamingTheSegment() {
    String intro = "In the garden. Tom the orange cat and Jerry the brown mouse are here. ";
    List<List<StoryboardEntry>> bad = List.of(
        List.of(entry(intro + "Tom jumps. Tom sleeps.", false)),
        List.of(entry(intro + "Tom puts on sunglasses. Tom jumps.", false)),
        List.of(entry("In the garden. Tom jumps.", false)),
        List.of(entry(intro, false)),
        List.of(entry(intro + "Tom jumps.", false), entry("On the beach. Tom jumps.", false)),
        List.of(entry(intro + "Tom jumps.", false), entry("Tom jumps.", true)),
        List.of(entry(intro + "Tom jumps.", false), entry(intro + "Tom jumps.", false)));
    for (List<StoryboardEntry> video : bad) {
      var e = assertThrows(InvalidInputException.class, () -> parser.parse(video),
          video.toString());
      assertTrue(e.getMessage().startsWith("segment "), e.getMessage());
    }
  }

  @Test
  void freeTextStoryboardsAreRejectedWithTheReason() throws Exception {
    java.nio.file.Path official = java.nio.file.Path.of(
        System.getProperty("ttt.repo.root", "."), "..", "shared", "storyboards",
        "official-example-9s.json");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(official));
    var e = assertThrows(InvalidInputException.class,
        () -> StoryboardJson.read(java.nio.file.Files.readString(official)));
    assertTrue(e.getMessage().contains("introduction"), e.getMessage());
  }

  @Test
  void rejectsMalformedJson() {
    assertThrows(InvalidInputException.class, () -> StoryboardJson.read("[[{\"text\": 1"));
  }

  private static StoryboardEntry entry(String text, boolean transition) {
    return new StoryboardEntry(text, transition, "");
  }
}
