package io.github.tttvideo.core.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneSettingsTest {

  private static final SceneSettings ROOMS =
      SceneSettings.of("(?:In the kitchen\\.|On the beach\\.|In the living room\\.)");

  private static Segment seg(String text, boolean transition) {
    return new Segment(text, null, transition, 0, Map.of());
  }

  private static List<String> texts(List<Segment> segments) {
    return segments.stream().map(Segment::text).toList();
  }

  @Test
  void aSceneSettingIsRepeatedWhereASegmentStatesNoneAndResetAtATransition() {
    List<Segment> story = List.of(
        seg("In the kitchen. Tom and Jerry are here. Tom jumps.", false),
        seg("Tom sleeps.", false),
        seg("On the beach. Jerry hides in a hole.", true),
        seg("Tom jumps.", false),
        seg("Tom and Jerry stand still.", true)); // a new scene that names no setting
    assertEquals(List.of(
        "In the kitchen. Tom and Jerry are here. Tom jumps.",
        "In the kitchen. Tom sleeps.",
        "On the beach. Jerry hides in a hole.",
        "On the beach. Tom jumps.",
        "Tom and Jerry stand still."), texts(ROOMS.carry(story)));
  }

  @Test
  void theLastStatedSettingOfTheSceneIsTheOneInForce() {
    List<Segment> story = List.of(
        seg("Tom jumps.", false), // nothing stated yet: unchanged
        seg("In the kitchen. Tom sleeps.", false),
        seg("Jerry runs away from Tom.", false),
        seg("In the living room.  Tom jumps.", false), // stated again inside the scene
        seg("Tom sleeps.", false));
    assertEquals(List.of("Tom jumps.", "In the kitchen. Tom sleeps.",
        "In the kitchen. Jerry runs away from Tom.", "In the living room.  Tom jumps.",
        "In the living room. Tom sleeps."), texts(ROOMS.carry(story)));
  }

  @Test
  void aSettingMustBeAWholeSentenceAndEverythingElseIsKept() {
    assertTrue(ROOMS.isSetting(" On the beach. "));
    assertFalse(ROOMS.isSetting("On the beach with Tom."));
    assertFalse(ROOMS.isSetting("Tom is in the kitchen."));
    Segment first = new Segment("In the kitchen. Tom jumps.", "blurry", false, 0,
        Map.of("camera", "\"static\""));
    Segment later = new Segment("Tom is in the kitchen now.", "dark", false, 2,
        Map.of("camera", "\"pan\""));
    List<Segment> out = ROOMS.carry(List.of(first, later));
    assertSame(first, out.get(0)); // a segment that states its setting is the same object
    assertEquals(new Segment("In the kitchen. Tom is in the kitchen now.", "dark", false, 2,
        Map.of("camera", "\"pan\"")), out.get(1));
    assertEquals(List.of(), ROOMS.carry(List.of()));
    assertThrows(UnsupportedOperationException.class, () -> out.add(first));
  }

  @Test
  void badPatternsAreClearErrors() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> SceneSettings.of("(In the"));
    assertTrue(e.getMessage().contains("(In the"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> SceneSettings.of("  "));
    assertThrows(NullPointerException.class, () -> SceneSettings.of(null));
  }
}
