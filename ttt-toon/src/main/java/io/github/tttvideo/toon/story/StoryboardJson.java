package io.github.tttvideo.toon.story;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts toon stories to and from the official TTT-Video storyboard JSON: an array of videos,
 * each an array of segment objects {@code {text, requires_scene_transition, neg_text}}.
 *
 * <pre>{@code
 * String json = StoryboardJson.write(List.of(story));
 * List<ParsedStory> back = StoryboardJson.read(json);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StoryboardJson {
  /** The negative prompt written for every segment. */
  public static final String NEG_TEXT =
      "blurry image, noise, deformed shapes, wrong colours, extra characters";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TypeReference<List<List<StoryboardEntry>>> VIDEOS = new TypeReference<>() {};

  private StoryboardJson() {}

  /**
   * {@return the segment objects of a story}
   *
   * @param story the story
   */
  public static List<StoryboardEntry> entries(ToonStory story) {
    List<StoryboardEntry> out = new ArrayList<>(story.size());
    for (int i = 0; i < story.size(); i++) {
      out.add(new StoryboardEntry(story.text(i), story.segment(i).newScene(), NEG_TEXT));
    }
    return out;
  }

  /**
   * Writes stories as a storyboard, one video per story.
   *
   * @param stories the stories
   * @return pretty-printed JSON
   */
  public static String write(List<ToonStory> stories) {
    List<List<StoryboardEntry>> videos = new ArrayList<>(stories.size());
    for (ToonStory s : stories) {
      videos.add(entries(s));
    }
    try {
      return MAPPER.writeValueAsString(videos);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write storyboard JSON", e);
    }
  }

  /**
   * Reads a storyboard and parses each video's text with {@link StoryParser}.
   *
   * @param json the storyboard JSON
   * @return one parsed story per video
   * @throws InvalidInputException if the JSON is malformed or a text breaks the grammar
   */
  public static List<ParsedStory> read(String json) {
    List<List<StoryboardEntry>> videos;
    try {
      videos = MAPPER.readValue(json, VIDEOS);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed storyboard JSON: " + e.getOriginalMessage(), e);
    }
    if (videos == null) {
      throw new InvalidInputException("storyboard JSON is null");
    }
    StoryParser parser = new StoryParser();
    List<ParsedStory> out = new ArrayList<>(videos.size());
    for (int v = 0; v < videos.size(); v++) {
      try {
        out.add(parser.parse(videos.get(v)));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("video " + v + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
