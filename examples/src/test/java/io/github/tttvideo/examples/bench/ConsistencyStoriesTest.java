package io.github.tttvideo.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyStoriesTest {

  @Test
  void sameArgumentsSameStories() {
    assertEquals(BenchmarkStories.select(6, 3), BenchmarkStories.select(6, 3));
    // more stories extend the list without changing the first ones
    assertEquals(BenchmarkStories.select(3, 3), BenchmarkStories.select(6, 3).subList(0, 3));
  }

  @Test
  void storiesAreHeldOutAndDistinct() {
    List<BenchmarkStories.Pick> picks = BenchmarkStories.select(8, 3);
    long previous = -1;
    for (BenchmarkStories.Pick p : picks) {
      assertTrue(p.seed() >= 1L << 40, "seed below the evaluation split: " + p.seed());
      assertTrue(p.seed() > previous, "seeds must increase");
      previous = p.seed();
      assertTrue(p.seedLabel().startsWith("2^40+"), p.seedLabel());
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7),
        picks.stream().map(BenchmarkStories.Pick::index).toList());
  }

  @Test
  void everyStoryTestsMemoryAtTheShortestLength() {
    for (BenchmarkStories.Pick p : BenchmarkStories.select(8, 3)) {
      ToonStory shortest = p.story(3);
      assertEquals(FurColour.natural().get(p.index() % 3), shortest.fur());
      assertTrue(BenchmarkStories.eventMemoryPairs(shortest) > 0,
          "no persistent event measured in " + shortest);
      assertTrue(BenchmarkStories.unflouredLaterSegments(shortest) > 0,
          "Tom is floured in every later segment of " + shortest);
      // longer lengths keep what the shortest has: they are extensions of it
      ToonStory minute = p.story(20);
      assertEquals(shortest.segments(), minute.segments().subList(0, 3));
      assertTrue(BenchmarkStories.eventMemoryPairs(minute)
          >= BenchmarkStories.eventMemoryPairs(shortest));
    }
  }

  @Test
  void furIsNamedOnlyInTheFirstSegmentAndEventsOnlyWhereTheyHappen() {
    for (BenchmarkStories.Pick p : BenchmarkStories.select(4, 3)) {
      ToonStory s = p.story(20);
      assertTrue(s.text(0).contains(s.fur().label()), s.text(0));
      for (int i = 1; i < s.size(); i++) {
        for (FurColour f : FurColour.values()) {
          assertFalse(s.text(i).contains(f.label() + " cat"), "segment " + i + ": " + s.text(i));
        }
        if (s.segment(i).event() == null) {
          for (Event e : Event.values()) {
            assertFalse(s.text(i).contains(e.sentence()), s.text(i));
          }
        }
      }
    }
  }

  @Test
  void oneSegmentLengthsOnlyRotateTheFur() {
    List<BenchmarkStories.Pick> picks = BenchmarkStories.select(3, 1);
    for (BenchmarkStories.Pick p : picks) {
      assertEquals(FurColour.natural().get(p.index()), p.story(1).fur());
    }
  }

  @Test
  void eventPairsFollowTheEventMemoryDefinition() {
    // flour in segment 1, bath in segment 2: no later segment is floured throughout
    ToonStory bathed = new ToonStory(FurColour.ORANGE, List.of(
        seg(Event.FLOUR),
        seg(Event.BATH), seg(null)));
    assertEquals(0, BenchmarkStories.eventMemoryPairs(bathed));
    assertEquals(1, BenchmarkStories.unflouredLaterSegments(bathed));
    ToonStory hat = new ToonStory(FurColour.ORANGE, List.of(
        seg(Event.CHEFS_HAT), seg(null), seg(null)));
    assertEquals(2, BenchmarkStories.eventMemoryPairs(hat));
  }

  private static ToonSegment seg(Event e) {
    return new ToonSegment(Room.KITCHEN, Action.STAND_STILL, e, false, true);
  }
}
