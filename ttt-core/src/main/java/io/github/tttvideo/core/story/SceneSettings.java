package io.github.tttvideo.core.story;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Repeats a scene's setting in the segments of the scene that do not state it.
 *
 * <p>A storyboard usually names the setting ("In the kitchen.") once, on the first segment of a
 * scene; the paper's storyboards (its "format 3") describe the background in every segment
 * instead. Each segment's prompt is encoded on its own and seen only by its own attention window,
 * so a model reads a segment that leaves the setting out from that segment's text alone plus
 * whatever the TTT layers carry. With a setting pattern (a model's {@code scene_setting}), this
 * class puts the scene's last stated setting sentence in front of every segment of the scene that
 * states none, which is what the pipeline encodes. The segments' own texts (and the storyboard
 * written next to a video) are not changed.
 *
 * <p>Rules: the text is cut into sentences after {@code .}, {@code !} or {@code ?} followed by
 * white space; a sentence is a setting when the pattern matches all of it (trimmed). A scene starts
 * at segment 0 and at every segment that requires a scene transition; the setting in force is the
 * last setting sentence stated in the scene so far, none at its start. Negative prompts, flags,
 * scene indices and extra fields are kept.
 *
 * <pre>{@code
 * SceneSettings s = SceneSettings.of("(In|On) the (kitchen|living room|beach)\\.");
 * // "In the kitchen. Tom jumps.", "Tom sleeps."  ->  ..., "In the kitchen. Tom sleeps."
 * List<Segment> carried = s.carry(story.segments());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SceneSettings {

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

  private final Pattern setting;

  private SceneSettings(Pattern setting) {
    this.setting = setting;
  }

  /**
   * Settings matched by a regular expression.
   *
   * @param regex matches a whole setting sentence, not blank
   * @return the rule
   * @throws InvalidInputException if the expression is blank or does not compile
   */
  public static SceneSettings of(String regex) {
    Objects.requireNonNull(regex, "regex");
    if (regex.isBlank()) {
      throw new InvalidInputException("a scene setting pattern must not be blank");
    }
    try {
      return new SceneSettings(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException("scene setting pattern is not a regular expression: "
          + e.getDescription() + " in \"" + regex + "\"", e);
    }
  }

  /**
   * Whether a sentence names a setting.
   *
   * @param sentence one sentence
   * @return whether the pattern matches all of it, trimmed
   */
  public boolean isSetting(String sentence) {
    return setting.matcher(sentence.trim()).matches();
  }

  /**
   * The segments with their scene's setting repeated where they state none.
   *
   * @param segments the story's segments, in order
   * @return as many segments, in the same order; those that state no setting inside a scene with
   *     one start with it (followed by a space)
   */
  public List<Segment> carry(List<Segment> segments) {
    Objects.requireNonNull(segments, "segments");
    List<Segment> out = new ArrayList<>(segments.size());
    String current = null;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (i == 0 || s.requiresSceneTransition()) {
        current = null;
      }
      String stated = lastSetting(s.text());
      if (stated != null) {
        current = stated;
        out.add(s);
      } else if (current != null) {
        out.add(new Segment(current + " " + s.text(), s.negativeText(),
            s.requiresSceneTransition(), s.sceneIndex(), s.extraFields()));
      } else {
        out.add(s);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private String lastSetting(String text) {
    String found = null;
    for (String sentence : SENTENCE_END.split(text.trim())) {
      if (isSetting(sentence)) {
        found = sentence.trim();
      }
    }
    return found;
  }

  @Override
  public String toString() {
    return "SceneSettings[" + setting.pattern() + "]";
  }
}
