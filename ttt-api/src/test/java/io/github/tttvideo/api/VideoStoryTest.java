package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoStoryTest {

  private static VideoStory sample() {
    return VideoStory.builder()
        .title("chase")
        .scene(Scene.of("In the kitchen.").then("Jerry hides in a hole.").negative("blurry"))
        .scene(Scene.of("In the garden. Tom sleeps.").transition())
        .scene(Scene.of("Tom jumps."))
        .seed(42)
        .steps(20)
        .build();
  }

  @Test
  void segmentsCarrySceneIndexAndTransitionFlags() {
    List<Segment> s = sample().segments();
    assertEquals(4, s.size());
    assertEquals(List.of(0, 0, 1, 2), s.stream().map(Segment::sceneIndex).toList());
    assertEquals(List.of(false, false, true, false),
        s.stream().map(Segment::requiresSceneTransition).toList());
    assertEquals("blurry", s.get(0).negativeText());
    assertEquals("blurry", s.get(1).negativeText());
    assertNull(s.get(2).negativeText());
    assertEquals("", s.get(2).negativeTextOrEmpty());
  }

  @Test
  void firstSceneTransitionIsForcedFalse() {
    VideoStory story = VideoStory.builder().scene(Scene.of("A").transition()).build();
    assertFalse(story.segments().get(0).requiresSceneTransition());
    assertTrue(story.scenes().get(0).startsWithTransition());
  }

  @Test
  void negativeAppliesToSegmentsAddedLater() {
    Scene scene = Scene.of("A").negative("bad").then("B");
    assertEquals("bad", scene.segments().get(1).negativeText());
  }

  @Test
  void durationAndOptionsComeFromTheBuilder() {
    VideoStory story = sample();
    assertEquals(12, story.durationSeconds());
    assertEquals(42, story.options().seed());
    assertEquals(20, story.options().steps());
    assertEquals("chase", story.title().orElseThrow());
    assertEquals(ModelReference.ofName("toon"), story.model());
    assertEquals(ModelReference.ofDirectory(Path.of("m")),
        story.toBuilder().model(Path.of("m")).build().model());
  }

  @Test
  void storiesAreValues() {
    assertEquals(sample(), sample());
    assertEquals(sample().hashCode(), sample().hashCode());
    assertEquals(sample(), sample().toBuilder().build());
    assertNotEquals(sample(), sample().toBuilder().seed(1).build());
  }

  @Test
  void badInputIsRejectedWithTheField() {
    assertEquals("scenes must not be empty, got 0 scenes",
        assertThrows(InvalidInputException.class, () -> VideoStory.builder().build())
            .getMessage());
    assertEquals("segment text must not be blank, got \"  \"",
        assertThrows(InvalidInputException.class, () -> Scene.of("  ")).getMessage());
    assertThrows(InvalidInputException.class, () -> Scene.of("a").then(null));
    assertEquals("steps must be >= 1, got 0",
        assertThrows(InvalidInputException.class,
            () -> VideoStory.builder().scene(Scene.of("a")).steps(0).build()).getMessage());
    assertThrows(InvalidInputException.class, () -> Scene.fromSegments(List.of()));
  }

  @Test
  void segmentsKeepExtraFieldsInOrderAndImmutable() {
    Segment s = new Segment("a", null, false, 0,
        new java.util.LinkedHashMap<>(Map.of("z", "1")));
    assertEquals(Map.of("z", "1"), s.extraFields());
    assertThrows(UnsupportedOperationException.class, () -> s.extraFields().put("y", "2"));
  }
}
