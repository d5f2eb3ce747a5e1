package io.github.tttvideo.core.story;

import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns segments into the prompts the text encoder sees, marking scene boundaries as the
 * official code does.
 *
 * <p>For every segment i >= 1 that requires a scene transition, {@value #END} is appended to the
 * text of segment i-1 and {@value #START} is prepended to the text of segment i, by plain
 * concatenation without spaces. The flag of segment 0 is ignored (the reference forces it to
 * false). Negative prompts get no markers; a missing one becomes "".
 *
 * <pre>{@code
 * List<SegmentPrompt> prompts = SceneMarkers.prompts(story);
 * // segments "A", "B" (transition): "A<end_scene>", "<start_scene>B"
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SceneMarkers {

  /** Appended to the last segment of a scene that is followed by a transition. */
  public static final String END = "<end_scene>";
  /** Prepended to the first segment of a scene that starts with a transition. */
  public static final String START = "<start_scene>";

  private SceneMarkers() {}

  /**
   * The prompts of a story.
   *
   * @param story the story
   * @return one prompt pair per segment
   */
  public static List<SegmentPrompt> prompts(VideoStory story) {
    return prompts(story.segments());
  }

  /**
   * The prompts of a list of segments.
   *
   * @param segments the segments, in order
   * @return one prompt pair per segment
   */
  public static List<SegmentPrompt> prompts(List<Segment> segments) {
    int n = segments.size();
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = segments.get(i).text();
    }
    for (int i = 1; i < n; i++) {
      if (segments.get(i).requiresSceneTransition()) {
        texts[i - 1] = texts[i - 1] + END;
        texts[i] = START + texts[i];
      }
    }
    List<SegmentPrompt> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new SegmentPrompt(texts[i], segments.get(i).negativeTextOrEmpty()));
    }
    return Collections.unmodifiableList(out);
  }
}
