package io.github.tttvideo.toon.story;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.Appearance;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates random stories that follow the world's grammar, deterministically from a seed.
 *
 * <pre>{@code
 * ToonStory story = new StoryGenerator().generate(42);      // 1 to 20 segments
 * ToonStory minute = new StoryGenerator().generate(7, 20);  // exactly 20
 * }</pre>
 *
 * <p>The PRNG is {@link SplittableRandom} seeded with the given seed; draws happen in this order:
 * the length (when not given), Tom's fur, then for each segment: whether it starts a new scene
 * (not for the first), its room (for a scene start; a new scene always changes room), whether it
 * restates the setting (otherwise), its action, whether it has an event and which. Only events
 * that change something are drawn (no flour on a floured Tom, no bath on a clean one, no second
 * hat or pair of sunglasses).
 *
 * @since 0.1.0
 */
public final class StoryGenerator {
  /** Chance that a segment after the first starts a new scene. */
  private static final double NEW_SCENE = 0.25;
  /** Chance that a segment that does not start a scene restates the setting anyway. */
  private static final double RESTATE_SETTING = 0.2;
  /** Chance that a segment has an event, when one is possible. */
  private static final double EVENT = 0.35;

  /**
   * Generates a story of 1 to 20 segments, the length drawn uniformly.
   *
   * @param seed the seed
   * @return the story
   */
  public ToonStory generate(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return generate(rnd, 1 + rnd.nextInt(ToonWorld.MAX_SEGMENTS));
  }

  /**
   * Generates a story of the given length.
   *
   * @param seed the seed
   * @param segments 1 to 20
   * @return the story
   */
  public ToonStory generate(long seed, int segments) {
    if (segments < 1 || segments > ToonWorld.MAX_SEGMENTS) {
      throw new InvalidInputException(
          "segments must be 1 to " + ToonWorld.MAX_SEGMENTS + ", got " + segments);
    }
    return generate(new SplittableRandom(seed), segments);
  }

  private ToonStory generate(SplittableRandom rnd, int count) {
    List<FurColour> furs = FurColour.natural();
    FurColour fur = furs.get(rnd.nextInt(furs.size()));
    Room[] rooms = Room.values();
    Action[] actions = Action.values();
    List<ToonSegment> segments = new ArrayList<>(count);
    Room room = null;
    Appearance look = Appearance.NONE;
    for (int i = 0; i < count; i++) {
      boolean newScene = i > 0 && rnd.nextDouble() < NEW_SCENE;
      boolean states;
      if (i == 0) {
        room = rooms[rnd.nextInt(rooms.length)];
        states = true;
      } else if (newScene) {
        Room next = rooms[rnd.nextInt(rooms.length - 1)];
        room = next.ordinal() >= room.ordinal() ? rooms[next.ordinal() + 1] : next;
        states = true;
      } else {
        states = rnd.nextDouble() < RESTATE_SETTING;
      }
      Action action = actions[rnd.nextInt(actions.length)];
      Event event = drawEvent(rnd, look);
      look = look.after(event);
      segments.add(new ToonSegment(room, action, event, newScene, states));
    }
    return new ToonStory(fur, segments);
  }

  private static Event drawEvent(SplittableRandom rnd, Appearance look) {
    List<Event> possible = new ArrayList<>(3);
    possible.add(look.floured() ? Event.BATH : Event.FLOUR);
    if (!look.chefsHat()) {
      possible.add(Event.CHEFS_HAT);
    }
    if (!look.sunglasses()) {
      possible.add(Event.SUNGLASSES);
    }
    if (rnd.nextDouble() >= EVENT) {
      return null;
    }
    return possible.get(rnd.nextInt(possible.size()));
  }
}
