package io.github.tttvideo.toon.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToonStoryTest {
  private static ToonSegment seg(Room room, Action action, Event event, boolean scene,
      boolean setting) {
    return new ToonSegment(room, action, event, scene, setting);
  }

  @Test
  void textFollowsTheGrammarOrder() {
    ToonStory story = new ToonStory(FurColour.ORANGE, List.of(
        seg(Room.KITCHEN, Action.CHASE_LEFT, Event.FLOUR, false, true),
        seg(Room.KITCHEN, Action.SLEEPS, null, false, false),
        seg(Room.BEACH, Action.JUMPS, Event.SUNGLASSES, true, true)));
    assertEquals("In the kitchen. Tom the orange cat and Jerry the brown mouse are here."
        + " Tom chases Jerry to the left. Tom gets covered in flour.", story.text(0));
    assertEquals("Tom sleeps.", story.text(1));
    assertEquals("On the beach. Tom jumps. Tom puts on sunglasses.", story.text(2));
  }

  @Test
  void eventsPersistUntilUndone() {
    ToonStory story = new ToonStory(FurColour.BLACK, List.of(
        seg(Room.GARDEN, Action.STAND_STILL, Event.FLOUR, false, true),
        seg(Room.GARDEN, Action.JUMPS, Event.CHEFS_HAT, false, false),
        seg(Room.GARDEN, Action.JUMPS, Event.BATH, false, false),
        seg(Room.GARDEN, Action.JUMPS, null, false, false)));
    assertFalse(story.appearanceAtStart(0).floured());
    assertTrue(story.appearanceAtEnd(0).floured());
    assertTrue(story.appearanceAtStart(2).floured());
    assertFalse(story.appearanceAtEnd(2).floured());
    assertEquals(new Appearance(false, true, false), story.appearanceAtStart(3));
  }

  @Test
  void rejectsRoomChangeWithoutSceneTransition() {
    var e = assertThrows(InvalidInputException.class, () -> new ToonStory(FurColour.ORANGE,
        List.of(seg(Room.KITCHEN, Action.JUMPS, null, false, true),
            seg(Room.BEACH, Action.JUMPS, null, false, true))));
    assertTrue(e.getMessage().contains("segment 1"), e.getMessage());
  }

  @Test
  void rejectsSceneWithoutSetting() {
    assertThrows(InvalidInputException.class, () -> new ToonStory(FurColour.ORANGE,
        List.of(seg(Room.KITCHEN, Action.JUMPS, null, false, false))));
    assertThrows(InvalidInputException.class, () -> new ToonStory(FurColour.ORANGE,
        List.of(seg(Room.KITCHEN, Action.JUMPS, null, false, true),
            seg(Room.BEACH, Action.JUMPS, null, true, false))));
  }

  @Test
  void rejectsFlourWhiteAsNamedFurAndBadLengths() {
    List<ToonSegment> one = List.of(seg(Room.KITCHEN, Action.JUMPS, null, false, true));
    assertThrows(InvalidInputException.class, () -> new ToonStory(FurColour.FLOUR_WHITE, one));
    assertThrows(InvalidInputException.class, () -> new ToonStory(FurColour.ORANGE, List.of()));
  }
}
