package io.github.tttvideo.toon.world;

import io.github.tttvideo.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A story of the toon world: Tom's fur colour and 1 to 20 segments, with the text of each segment
 * built from the world's sentences.
 *
 * <pre>{@code
 * ToonStory story = new ToonStory(FurColour.ORANGE, List.of(
 *     new ToonSegment(Room.KITCHEN, Action.CHASE_LEFT, null, false, true),
 *     new ToonSegment(Room.KITCHEN, Action.SLEEPS, Event.SUNGLASSES, false, false)));
 * story.text(0); // "In the kitchen. Tom the orange cat and Jerry the brown mouse are here. ..."
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ToonStory {
  private final FurColour fur;
  private final List<ToonSegment> segments;
  private final List<Appearance> atStart;

  /**
   * Creates a story and checks its grammar.
   *
   * @param fur Tom's natural fur colour, named in the first segment
   * @param segments 1 to {@value ToonWorld#MAX_SEGMENTS} segments
   * @throws InvalidInputException if the fur is not natural, the segment count is out of range,
   *     the first segment starts a "new" scene or does not state its setting, a new scene does not
   *     state its setting, or the room changes without a new scene
   */
  public ToonStory(FurColour fur, List<ToonSegment> segments) {
    Objects.requireNonNull(fur, "fur");
    Objects.requireNonNull(segments, "segments");
    if (!fur.isNatural()) {
      throw new InvalidInputException("fur must be a natural colour, got " + fur);
    }
    if (segments.isEmpty() || segments.size() > ToonWorld.MAX_SEGMENTS) {
      throw new InvalidInputException(
          "segments must hold 1 to " + ToonWorld.MAX_SEGMENTS + ", got " + segments.size());
    }
    this.fur = fur;
    this.segments = List.copyOf(segments);
    checkScenes(this.segments);
    List<Appearance> starts = new ArrayList<>(segments.size());
    Appearance a = Appearance.NONE;
    for (ToonSegment s : this.segments) {
      starts.add(a);
      a = a.after(s.event());
    }
    this.atStart = List.copyOf(starts);
  }

  private static void checkScenes(List<ToonSegment> segments) {
    ToonSegment first = segments.get(0);
    if (first.newScene()) {
      throw new InvalidInputException("segment 0: the first segment cannot start a new scene");
    }
    for (int i = 0; i < segments.size(); i++) {
      ToonSegment s = segments.get(i);
      boolean sceneStart = i == 0 || s.newScene();
      if (sceneStart && !s.statesSetting()) {
        throw new InvalidInputException(
            "segment " + i + ": the first segment of a scene must state its setting");
      }
      if (i > 0 && !s.newScene() && s.room() != segments.get(i - 1).room()) {
        throw new InvalidInputException(
            "segment " + i + ": room changes from " + segments.get(i - 1).room() + " to "
                + s.room() + " without requires_scene_transition");
      }
    }
  }

  /** {@return Tom's natural fur colour} */
  public FurColour fur() {
    return fur;
  }

  /** {@return the segments, unmodifiable} */
  public List<ToonSegment> segments() {
    return segments;
  }

  /** {@return the number of segments} */
  public int size() {
    return segments.size();
  }

  /**
   * {@return segment {@code i}}
   *
   * @param i the segment index
   */
  public ToonSegment segment(int i) {
    return segments.get(i);
  }

  /** {@return the number of frames of the whole story} */
  public int frameCount() {
    return segments.size() * ToonWorld.FRAMES_PER_SEGMENT;
  }

  /**
   * {@return the events in effect when segment {@code i} begins}
   *
   * @param i the segment index
   */
  public Appearance appearanceAtStart(int i) {
    return atStart.get(i);
  }

  /**
   * {@return the events in effect when segment {@code i} ends (its own event applied)}
   *
   * @param i the segment index
   */
  public Appearance appearanceAtEnd(int i) {
    return atStart.get(i).after(segments.get(i).event());
  }

  /**
   * Returns the text of segment {@code i}: the setting sentence if stated, the introduction on the
   * first segment, the action sentence and the event sentence if any, joined by single spaces.
   *
   * @param i the segment index
   * @return the text
   */
  public String text(int i) {
    ToonSegment s = segments.get(i);
    StringBuilder sb = new StringBuilder();
    if (s.statesSetting()) {
      sb.append(s.room().sentence()).append(' ');
    }
    if (i == 0) {
      sb.append(fur.introduction()).append(' ');
    }
    sb.append(s.action().sentence());
    if (s.event() != null) {
      sb.append(' ').append(s.event().sentence());
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToonStory other && fur == other.fur && segments.equals(other.segments);
  }

  @Override
  public int hashCode() {
    return 31 * fur.hashCode() + segments.hashCode();
  }

  @Override
  public String toString() {
    return "ToonStory[fur=" + fur + ", segments=" + segments + "]";
  }
}
