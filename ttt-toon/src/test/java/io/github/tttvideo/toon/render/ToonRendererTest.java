package io.github.tttvideo.toon.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.Box;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.GroundTruth;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToonRendererTest {
  private final ToonRenderer renderer = new ToonRenderer();

  @Test
  void sameStoryGivesSameFrames() {
    ToonStory story = new StoryGenerator().generate(7, 6);
    RenderedStory a = renderer.render(story);
    RenderedStory b = renderer.render(story);
    assertEquals(a.frames(), b.frames());
    assertEquals(a.truths(), b.truths());
    assertEquals(6 * ToonWorld.FRAMES_PER_SEGMENT, a.frames().size());
  }

  @Test
  void drawsTheWorldsColoursAndSizes() {
    ToonStory story = new ToonStory(FurColour.ORANGE,
        List.of(new ToonSegment(Room.KITCHEN, Action.STAND_STILL, null, false, true)));
    RenderedStory v = renderer.render(story);
    var frame = v.frames().get(0);
    assertEquals(0xF2D16B, frame.rgbAt(0, 0));
    assertEquals(0xB5793A, frame.rgbAt(0, 63));
    GroundTruth t = v.truths().get(0);
    assertEquals(16, run(frame, 39, 0xE08A2E), "Tom's body is 16 px wide");
    assertEquals(12, column(frame, 40, 0xE08A2E), "Tom's body is 12 px high");
    assertEquals(7, run(frame, 57, 0x8B5A2B), "Jerry's body is 7 px wide");
    assertEquals(6, column(frame, 20, 0x8B5A2B), "Jerry's body is 6 px high");
    Box tom = t.tom().box();
    assertEquals(40 - 8, tom.minX());
    assertTrue(tom.minY() < 33, "ears above the body");
    assertTrue(t.tom().visible() && t.jerry().visible());
  }

  private static int run(io.github.tttvideo.toon.world.ToonFrame f, int y, int rgb) {
    int n = 0;
    for (int x = 0; x < 64; x++) {
      n += f.rgbAt(x, y) == rgb ? 1 : 0;
    }
    return n;
  }

  private static int column(io.github.tttvideo.toon.world.ToonFrame f, int x, int rgb) {
    int n = 0;
    for (int y = 0; y < 64; y++) {
      n += f.rgbAt(x, y) == rgb ? 1 : 0;
    }
    return n;
  }

  @Test
  void positionsAreContinuousWithinAScene() {
    StoryGenerator gen = new StoryGenerator();
    for (long seed = 0; seed < 40; seed++) {
      ToonStory story = gen.generate(seed);
      RenderedStory v = renderer.render(story);
      for (int i = 1; i < story.size(); i++) {
        GroundTruth last = v.truths().get(i * 48 - 1);
        GroundTruth first = v.truths().get(i * 48);
        if (story.segment(i).newScene()) {
          continue;
        }
        assertEquals(last.tom().centreX(), first.tom().centreX(), 1e-9, "seed " + seed);
        if (last.jerry().visible()) {
          assertEquals(last.jerry().centreX(), first.jerry().centreX(), 1e-9, "seed " + seed);
        }
      }
    }
  }

  @Test
  void eventsShowFromTheMiddleOfTheirSegmentAndPersist() {
    ToonStory story = new ToonStory(FurColour.BLUE_GRAY, List.of(
        new ToonSegment(Room.BEDROOM, Action.JUMPS, Event.CHEFS_HAT, false, true),
        new ToonSegment(Room.BEDROOM, Action.SLEEPS, null, false, false)));
    RenderedStory v = renderer.render(story);
    assertTrue(v.truths().get(ToonRenderer.EVENT_FRAME - 1).jerry().accessories().isEmpty());
    assertFalse(v.truths().get(ToonRenderer.EVENT_FRAME).jerry().accessories().isEmpty());
    assertFalse(v.truths().get(95).jerry().accessories().isEmpty());
    assertTrue(v.truths().get(60).tomEyesClosed());
  }

  @Test
  void hiddenJerryIsNotVisible() {
    ToonStory story = new ToonStory(FurColour.BLACK,
        List.of(new ToonSegment(Room.GARDEN, Action.HIDES, null, false, true)));
    RenderedStory v = renderer.render(story);
    assertTrue(v.truths().get(0).jerry().visible());
    assertFalse(v.truths().get(47).jerry().visible());
    assertEquals(0, v.truths().get(47).jerry().pixels());
  }

  @Test
  void writesFramesAndContactSheets(@TempDir Path dir) throws Exception {
    ToonStory story = new StoryGenerator().generate(3, 4);
    RenderedStory v = renderer.render(story);
    Path sheet = dir.resolve("sheet.png");
    PngExport.writeContactSheet(v, sheet);
    BufferedImage img = ImageIO.read(sheet.toFile());
    assertEquals(4 * (128 + 2) + 2, img.getHeight());
    assertEquals(7 * (128 + 2) + 2, img.getWidth());
    Path one = dir.resolve("frame.png");
    PngExport.writeFrame(v.frames().get(0), 1, one);
    BufferedImage f = ImageIO.read(one.toFile());
    assertEquals(v.frames().get(0).rgbAt(5, 5), f.getRGB(5, 5) & 0xFFFFFF);
  }
}
