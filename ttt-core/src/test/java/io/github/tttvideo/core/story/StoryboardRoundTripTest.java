package io.github.tttvideo.core.story;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryboardRoundTripTest {

  private static final StoryboardReader READER = StoryboardReader.defaults();

  @Test
  void officialExampleWritesBackToTheSameJson() throws Exception {
    Path file = StoryboardReaderTest.official();
    String written = StoryboardWriter.toJson(READER.read(file).videos());
    ObjectMapper m = new ObjectMapper();
    assertEquals(m.readTree(Files.readString(file)), m.readTree(written));
  }

  @Test
  void unknownFieldsSurviveARoundTrip() {
    String in = "[{\"text\":\"a\",\"requires_scene_transition\":false,\"neg_text\":null,"
        + "\"camera\":{\"move\":\"pan\"},\"n\":1.5}]\n";
    String lines = StoryboardWriter.toJsonLines(READER.readJsonLines(in, "s").videos());
    assertEquals(in, lines);
  }

  @Test
  void filesRoundTripInBothFormats(@TempDir Path dir) throws Exception {
    List<VideoStory> videos = READER.read(StoryboardReaderTest.official()).videos();
    for (String name : List.of("s.json", "s.jsonl")) {
      Path f = dir.resolve(name);
      StoryboardWriter.write(f, videos);
      assertEquals(videos, READER.read(f).videos());
    }
  }

  @Property(tries = 200)
  void writeReadWriteIsStable(@ForAll("stories") List<VideoStory> videos) {
    String json = StoryboardWriter.toJson(videos);
    List<VideoStory> back = READER.readJson(json, "p.json").videos();
    assertEquals(json, StoryboardWriter.toJson(back));
    assertEquals(StoryboardWriter.toJsonLines(videos), StoryboardWriter.toJsonLines(
        READER.readJsonLines(StoryboardWriter.toJsonLines(videos), "p.jsonl").videos()));
    for (int v = 0; v < videos.size(); v++) {
      assertEquals(videos.get(v).segments(), back.get(v).segments());
    }
  }

  @Provide
  Arbitrary<List<VideoStory>> stories() {
    Arbitrary<String> text = Arbitraries.strings().withChars("abc xyz\"\\\n\u00e9\u4e16<>")
        .ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank());
    Arbitrary<String> negative = Arbitraries.oneOf(text, Arbitraries.just(null),
        Arbitraries.just(""));
    Arbitrary<Map<String, String>> extra = Arbitraries.of(
        Map.<String, String>of(), Map.of("camera", "{\"a\":[1,2,{\"b\":null}]}"),
        Map.of("x", "\"s\"", "y", "true"));
    Arbitrary<Segment> segment = Combinators.combine(text, negative, Arbitraries.of(true, false),
            extra)
        .as((t, n, flag, e) -> new Segment(t, n, flag, 0, new LinkedHashMap<>(e)));
    Arbitrary<VideoStory> video = segment.list().ofMinSize(1).ofMaxSize(8).map(segs -> {
      List<Segment> fixed = new ArrayList<>(segs);
      fixed.set(0, fixed.get(0).placed(0, false));
      return StoryboardReader.toStory(fixed);
    });
    return video.list().ofMinSize(1).ofMaxSize(4);
  }

  @Test
  void storiesBuiltInCodeSurviveARoundTripAsSegments() {
    VideoStory story = VideoStory.builder()
        .scene(Scene.of("In the kitchen.").then("Tom jumps.").negative("blurry"))
        .scene(Scene.of("In the garden.").transition())
        .build();
    VideoStory back = READER.readJson(StoryboardWriter.toJson(List.of(story)), "s").videos()
        .get(0);
    assertEquals(story.segments(), back.segments());
  }
}
