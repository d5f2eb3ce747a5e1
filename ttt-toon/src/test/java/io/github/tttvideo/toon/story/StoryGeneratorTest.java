package io.github.tttvideo.toon.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.world.Appearance;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StoryGeneratorTest {
  private final StoryGenerator generator = new StoryGenerator();

  @Test
  void sameSeedSameStory() {
    assertEquals(generator.generate(123), generator.generate(123));
    assertNotEquals(generator.generate(123), generator.generate(124));
    assertEquals(20, generator.generate(5, 20).size());
  }

  @Property(tries = 300)
  void storiesFollowTheGrammar(@ForAll long seed) {
    ToonStory story = generator.generate(seed);
    assertTrue(story.size() >= 1 && story.size() <= 20);
    assertTrue(story.text(0).startsWith(story.segment(0).room().sentence() + " "
        + story.fur().introduction() + " "));
    Appearance look = Appearance.NONE;
    for (int i = 0; i < story.size(); i++) {
      ToonSegment s = story.segment(i);
      String text = story.text(i);
      if (i > 0) {
        for (FurColour f : FurColour.values()) {
          assertFalse(text.contains(f.label()), "fur named again in segment " + i + ": " + text);
        }
        if (s.newScene()) {
          assertNotEquals(story.segment(i - 1).room(), s.room());
          assertTrue(text.startsWith(s.room().sentence()), text);
        }
      }
      assertFalse(i == 0 && s.newScene());
      if (s.event() != null) {
        assertNotEquals(look, look.after(s.event()), "event changes nothing: " + s.event());
        assertTrue(text.endsWith(s.event().sentence()));
      }
      for (Event e : Event.values()) {
        if (e != s.event()) {
          assertFalse(text.contains(e.sentence()), text);
        }
      }
      look = look.after(s.event());
    }
  }
}
