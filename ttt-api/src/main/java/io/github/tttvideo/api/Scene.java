package io.github.tttvideo.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scene of a story: one or more consecutive 3-second segments, optionally opened by a scene
 * transition.
 *
 * <p>Immutable: every method returns a new scene.
 *
 * <pre>{@code
 * Scene kitchen = Scene.of("In the kitchen. Tom chases Jerry to the left.")
 *     .then("Jerry hides in a hole.")           // a second 3-second segment
 *     .negative("blurry");                      // negative prompt of every segment of the scene
 * Scene garden = Scene.of("In the garden. Tom sleeps.").transition();
 * }</pre>
 *
 * <p>{@link #transition()} marks the scene as starting with a scene transition: its first segment
 * gets {@code requires_scene_transition: true} in the storyboard format, which adds the scene
 * markers to the prompts. The first scene of a story never has a transition (the flag is forced
 * to false). A scene without a transition continues the picture of the scene before it; written to
 * a storyboard file and read back it merges with that scene, because the file format knows scenes
 * only through the flag.
 *
 * @since 0.1.0
 */
public final class Scene {

  private final List<Segment> segments;
  private final boolean transition;
  private final String negative;

  private Scene(List<Segment> segments, boolean transition, String negative) {
    this.segments = segments;
    this.transition = transition;
    this.negative = negative;
  }

  /**
   * A scene of one segment.
   *
   * @param text the prompt of the first segment, not blank
   * @return the scene
   * @throws InvalidInputException if the text is blank
   */
  public static Scene of(String text) {
    return new Scene(List.of(new Segment(text, null, false, 0, Map.of())), false, null);
  }

  /**
   * A scene made of given segments, for readers of storyboard files. The scene starts with a
   * transition when the first segment requires one; the other segments' flags and all scene
   * indices are ignored (the story assigns them).
   *
   * @param segments at least one segment
   * @return the scene
   * @throws InvalidInputException if the list is empty
   */
  public static Scene fromSegments(List<Segment> segments) {
    Objects.requireNonNull(segments, "segments");
    if (segments.isEmpty()) {
      throw new InvalidInputException("a scene needs at least one segment, got 0");
    }
    List<Segment> copy = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      copy.add(Objects.requireNonNull(s, "segment").placed(0, false));
    }
    return new Scene(
        Collections.unmodifiableList(copy), segments.get(0).requiresSceneTransition(), null);
  }

  /**
   * Adds a 3-second segment at the end of the scene.
   *
   * @param text the prompt of the new segment, not blank
   * @return a new scene
   * @throws InvalidInputException if the text is blank
   */
  public Scene then(String text) {
    List<Segment> copy = new ArrayList<>(segments);
    copy.add(new Segment(text, negative, false, 0, Map.of()));
    return new Scene(Collections.unmodifiableList(copy), transition, negative);
  }

  /**
   * Sets the negative prompt of every segment of the scene, including those added later with
   * {@link #then(String)}.
   *
   * @param text the negative prompt, or {@code null} for none
   * @return a new scene
   */
  public Scene negative(String text) {
    List<Segment> copy = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      copy.add(new Segment(s.text(), text, false, 0, s.extraFields()));
    }
    return new Scene(Collections.unmodifiableList(copy), transition, text);
  }

  /**
   * Marks the scene as starting with a scene transition.
   *
   * @return a new scene
   */
  public Scene transition() {
    return new Scene(segments, true, negative);
  }

  /**
   * Whether the scene starts with a scene transition.
   *
   * @return the flag as set (a story forces it to false for its first scene)
   */
  public boolean startsWithTransition() {
    return transition;
  }

  /**
   * The segments of the scene, with scene index 0 and no transition flag; {@link
   * VideoStory#segments()} gives them with their place in the story.
   *
   * @return the segments, at least one
   */
  public List<Segment> segments() {
    return segments;
  }

  /**
   * Number of 3-second segments.
   *
   * @return at least 1
   */
  public int size() {
    return segments.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scene s
        && transition == s.transition
        && segments.equals(s.segments)
        && Objects.equals(negative, s.negative);
  }

  @Override
  public int hashCode() {
    return Objects.hash(segments, transition, negative);
  }

  @Override
  public String toString() {
    return "Scene[" + segments.size() + " segment(s), transition=" + transition
        + ", first=\"" + segments.get(0).text() + "\"]";
  }
}
