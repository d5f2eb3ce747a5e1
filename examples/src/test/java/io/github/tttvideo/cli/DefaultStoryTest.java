package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.codec.javacv.JavacvCodecProvider;
import io.github.tttvideo.core.story.Storyboard;
import io.github.tttvideo.core.testing.FakeBackendProvider;
import io.github.tttvideo.core.testing.FakeModels;
import io.github.tttvideo.examples.eval.TinyToonModel;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.toon.story.ParsedStory;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.story.StoryboardJson;
import io.github.tttvideo.toon.world.ToonStory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultStoryTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TttVideoCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void isOneMinuteInSeveralScenesAndRoomsWrittenInTheWorldsGrammar() {
    Storyboard board = DefaultStory.storyboard();
    assertEquals(1, board.videos().size());
    VideoStory video = board.videos().get(0);
    assertEquals(20, video.segmentCount());
    assertEquals(60, video.durationSeconds());
    assertEquals(5, video.scenes().size());

    List<ParsedStory> parsed = StoryboardJson.read(DefaultStory.json());
    assertEquals(1, parsed.size());
    assertTrue(parsed.get(0).ignoredSentences().isEmpty(), parsed.get(0).ignoredSentences()::toString);
    ToonStory story = parsed.get(0).story();
    Set<Object> rooms = new HashSet<>();
    story.segments().forEach(s -> rooms.add(s.room()));
    assertEquals(4, rooms.size());
    // It is the generator's story for its documented seed, outside training and evaluation seeds.
    assertEquals(new StoryGenerator().generate((1L << 41) + 5, 20), story);
    Segment first = video.segments().get(0);
    assertTrue(first.text().contains("Tom the orange cat"), first.text());
  }

  @Test
  void planWithoutAStoryShowsTheDefaultStory() throws IOException {
    Run r = run("plan");
    assertEquals(0, r.code(), r.err());
    JsonNode plan = new ObjectMapper().readTree(r.out()).get(0);
    assertEquals(961, plan.get("frames").asInt());
    assertEquals(20, plan.get("segments").size());
    assertEquals(60, plan.get("durationSeconds").asInt());
  }

  @Test
  void renderWithDefaultRendersItsFirstSegmentsWithAPinnedModel() throws IOException {
    // A whole minute takes about 40 s even on a tiny model; two segments show the same path.
    Path model = TinyToonModel.write(tmp.resolve("tiny"));
    Path out = tmp.resolve("minute.mp4");
    Run r = run("render", "--default", "--segments", "2", "--model", model.toString(),
        "--steps", "2", "--sampler", "ddim", "-o", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(out.toString(), r.out().strip());
    assertTrue(r.err().contains("segment 2/2"), r.err());
    try (VideoReader reader = new JavacvCodecProvider().openReader(out)) {
      assertEquals(64, reader.width());
      long n = 0;
      while (reader.next() != null) {
        n++;
      }
      assertEquals(97, n);
    }
  }

  @Test
  void renderWithoutAStoryWritesOutDefault60s() throws IOException {
    Path target = DefaultStory.OUTPUT.toAbsolutePath();
    Assumptions.assumeFalse(Files.exists(target), "leave an existing " + target + " alone");
    boolean hadFolder = Files.isDirectory(target.getParent());
    System.setProperty("ttt.backend", "fake");
    FakeBackendProvider.reset();
    try {
      Path model = FakeModels.directory(tmp.resolve("fake"), 8, 21);
      Run r = run("render", "--model", model.toString(), "--steps", "1");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().strip().endsWith(DefaultStory.OUTPUT.toString()), r.out());
      assertTrue(r.err().contains("segment 20/20"), r.err());
      assertTrue(Files.size(target) > 0);
    } finally {
      System.clearProperty("ttt.backend");
      Files.deleteIfExists(target);
      Files.deleteIfExists(target.resolveSibling("default-60s.mp4.json"));
      if (!hadFolder) {
        try (var left = Files.list(target.getParent())) {
          if (left.findAny().isEmpty()) {
            Files.delete(target.getParent());
          }
        }
      }
    }
  }

  @Test
  void firstSegmentsCutsTheScenes() {
    VideoStory minute = DefaultStory.storyboard().videos().get(0);
    VideoStory nine = RenderCommand.firstSegments(minute, 9);
    assertEquals(9, nine.segmentCount());
    assertEquals(minute.segments().subList(0, 9), nine.segments());
    assertEquals(2, nine.scenes().size());
    assertEquals(minute, RenderCommand.firstSegments(minute, 20));
  }

  @Test
  void aStoryNeedsAnOutputAndExcludesDefault() throws IOException {
    Path story = Files.writeString(tmp.resolve("s.json"), DefaultStory.json());
    Run noOut = run("render", story.toString());
    assertEquals(2, noOut.code());
    assertTrue(noOut.err().contains("missing -o OUT"), noOut.err());
    Run both = run("render", story.toString(), "--default", "-o", tmp.resolve("o.mp4").toString());
    assertEquals(2, both.code());
    assertTrue(both.err().contains("either a STORY or --default"), both.err());
  }
}
