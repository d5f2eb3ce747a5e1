package io.github.tttvideo.core.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneMarkersTest {

  @Test
  void transitionsMarkBothSidesWithoutSpaces() {
    VideoStory story = VideoStory.builder()
        .scene(Scene.of("A").then("B").negative("bad"))
        .scene(Scene.of("C").transition())
        .scene(Scene.of("D").transition())
        .scene(Scene.of("E"))
        .build();
    assertEquals(List.of(
            new SegmentPrompt("A", "bad"),
            new SegmentPrompt("B<end_scene>", "bad"),
            new SegmentPrompt("<start_scene>C<end_scene>", ""),
            new SegmentPrompt("<start_scene>D", ""),
            new SegmentPrompt("E", "")),
        SceneMarkers.prompts(story));
  }

  @Test
  void flagOfTheFirstSegmentAddsNothing() {
    List<Segment> segs = List.of(new Segment("A", null, true, 0, Map.of()));
    assertEquals(List.of(new SegmentPrompt("A", "")), SceneMarkers.prompts(segs));
  }

  @Test
  void officialExampleGetsMarkersOnEveryBoundary() throws Exception {
    VideoStory v = StoryboardReader.defaults().read(StoryboardReaderTest.official()).videos()
        .get(0);
    List<SegmentPrompt> p = SceneMarkers.prompts(v);
    assertEquals(v.segments().get(0).text() + "<end_scene>", p.get(0).text());
    assertEquals("<start_scene>" + v.segments().get(1).text() + "<end_scene>", p.get(1).text());
    assertEquals("<start_scene>" + v.segments().get(2).text(), p.get(2).text());
    assertEquals(v.segments().get(2).negativeText(), p.get(2).negativeText());
  }
}
