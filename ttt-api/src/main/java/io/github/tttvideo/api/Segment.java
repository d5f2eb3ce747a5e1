package io.github.tttvideo.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One 3-second segment of a story, as the model sees it: its prompt, its negative prompt and where
 * it sits among the scenes.
 *
 * <p>Segments are usually produced by {@link VideoStory#segments()} from the scenes of a story, or
 * by a storyboard reader; they correspond one to one to the segment objects of the official
 * storyboard format ({@code text}, {@code neg_text}, {@code requires_scene_transition}).
 *
 * <pre>{@code
 * Segment s = Segment.of("Tom chases Jerry to the left.");
 * s.negativeTextOrEmpty();                 // ""
 * }</pre>
 *
 * @param text the prompt of the segment, never blank
 * @param negativeText the negative prompt, or {@code null} for none (the model then uses "")
 * @param requiresSceneTransition whether a new scene starts with this segment
 * @param sceneIndex 0-based index of the scene that holds this segment
 * @param extraFields fields of a storyboard file that the SDK does not know, by name, each as the
 *     raw JSON text of its value; kept so that writing the story back loses nothing (empty for
 *     stories built in code)
 * @since 0.1.0
 */
public record Segment(
    String text,
    String negativeText,
    boolean requiresSceneTransition,
    int sceneIndex,
    Map<String, String> extraFields) {

  /** Validates the fields and freezes the map of extra fields (its order is kept). */
  public Segment {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "segment text must not be blank, got " + (text == null ? "null" : "\"" + text + "\""));
    }
    if (sceneIndex < 0) {
      throw new InvalidInputException("sceneIndex must be >= 0, got " + sceneIndex);
    }
    extraFields =
        extraFields == null || extraFields.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
    for (Map.Entry<String, String> e : extraFields.entrySet()) {
      Objects.requireNonNull(e.getKey(), "extra field name");
      Objects.requireNonNull(e.getValue(), "extra field value");
    }
  }

  /**
   * A segment of the first scene with no negative prompt.
   *
   * @param text the prompt
   * @return the segment
   */
  public static Segment of(String text) {
    return new Segment(text, null, false, 0, Map.of());
  }

  /**
   * The negative prompt as the model uses it: {@code null} becomes the empty string.
   *
   * @return the negative prompt, never {@code null}
   */
  public String negativeTextOrEmpty() {
    return negativeText == null ? "" : negativeText;
  }

  /**
   * A copy placed in another scene.
   *
   * @param newSceneIndex the scene index
   * @param transition whether the segment starts that scene with a transition
   * @return the copy
   */
  public Segment placed(int newSceneIndex, boolean transition) {
    return new Segment(text, negativeText, transition, newSceneIndex, extraFields);
  }
}
