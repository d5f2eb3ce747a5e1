package io.github.tttvideo.toon.story;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import io.github.tttvideo.toon.world.ToonSegment;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the text of a storyboard written with the world's sentences back into a {@link
 * ToonStory}.
 *
 * <p>Each text is split into sentences after '.', '!' or '?'; sentences are matched ignoring
 * case and repeated white space. A segment must read: an optional setting (required on the
 * first segment and wherever {@code requires_scene_transition} is true), the introduction (on the
 * first segment only, where it is required), exactly one action, at most one event, in that order.
 *
 * <p><b>Unknown sentences</b> are ignored: they are listed in {@link
 * ParsedStory#ignoredSentences()} and logged as one warning. <b>Grammar errors</b> among known
 * sentences (wrong order, two actions, a missing action or setting, an introduction after the
 * first segment, a room change without a scene transition) throw {@link InvalidInputException}
 * naming the segment. The flag of the first segment is not used: it always starts the first scene.
 *
 * @since 0.1.0
 */
public final class StoryParser {
  private static final Logger LOG = LoggerFactory.getLogger(StoryParser.class);
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** The slot of a known sentence in a segment, in the order the grammar requires. */
  private enum Slot {
    SETTING,
    INTRODUCTION,
    ACTION,
    EVENT
  }

  private record Known(Slot slot, Object value) {}

  private static final Map<String, Known> SENTENCES = buildSentences();

  private static Map<String, Known> buildSentences() {
    Map<String, Known> map = new HashMap<>();
    for (Room r : Room.values()) {
      map.put(normalize(r.sentence()), new Known(Slot.SETTING, r));
    }
    for (FurColour f : FurColour.natural()) {
      map.put(normalize(f.introduction()), new Known(Slot.INTRODUCTION, f));
    }
    for (Action a : Action.values()) {
      map.put(normalize(a.sentence()), new Known(Slot.ACTION, a));
    }
    for (Event e : Event.values()) {
      map.put(normalize(e.sentence()), new Known(Slot.EVENT, e));
    }
    return Map.copyOf(map);
  }

  private static String normalize(String sentence) {
    return SPACES.matcher(sentence.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  /**
   * Parses one video of a storyboard.
   *
   * @param video the segment objects, in order
   * @return the story and the ignored sentences
   * @throws InvalidInputException on a grammar error
   */
  public ParsedStory parse(List<StoryboardEntry> video) {
    if (video == null || video.isEmpty()) {
      throw new InvalidInputException("a video needs at least one segment");
    }
    List<String> ignored = new ArrayList<>();
    List<ToonSegment> segments = new ArrayList<>(video.size());
    FurColour fur = null;
    Room room = null;
    for (int i = 0; i < video.size(); i++) {
      StoryboardEntry entry = video.get(i);
      if (entry == null) {
        throw new InvalidInputException("segment " + i + ": null segment object");
      }
      boolean newScene = i > 0 && entry.requiresSceneTransition();
      Slot last = null;
      Room setting = null;
      Action action = null;
      Event event = null;
      String text = entry.text() == null ? "" : entry.text();
      for (String raw : SENTENCE_END.split(text.trim())) {
        if (raw.isBlank()) {
          continue;
        }
        Known known = SENTENCES.get(normalize(raw));
        if (known == null) {
          ignored.add("segment " + i + ": " + raw.trim());
          continue;
        }
        if (last != null && known.slot().ordinal() <= last.ordinal()) {
          throw new InvalidInputException(
              "segment " + i + ": \"" + raw.trim() + "\" cannot follow a " + slotName(last)
                  + " sentence (order: setting, introduction, action, event; one of each)");
        }
        last = known.slot();
        switch (known.slot()) {
          case SETTING -> setting = (Room) known.value();
          case INTRODUCTION -> {
            if (i > 0) {
              throw new InvalidInputException(
                  "segment " + i + ": the introduction belongs to the first segment only");
            }
            fur = (FurColour) known.value();
          }
          case ACTION -> action = (Action) known.value();
          case EVENT -> event = (Event) known.value();
          default -> throw new IllegalStateException("unknown slot " + known.slot());
        }
      }
      if (i == 0 && fur == null) {
        throw new InvalidInputException(
            "segment 0: the introduction (\"Tom the <colour> cat and Jerry the brown mouse are"
                + " here.\") is missing");
      }
      if (action == null) {
        throw new InvalidInputException("segment " + i + ": no action sentence");
      }
      if ((i == 0 || newScene) && setting == null) {
        throw new InvalidInputException(
            "segment " + i + ": the first segment of a scene needs a setting sentence");
      }
      if (setting != null) {
        room = setting;
      }
      segments.add(new ToonSegment(room, action, event, newScene, setting != null));
    }
    if (!ignored.isEmpty()) {
      LOG.warn("ignored {} unknown sentence(s): {}", ignored.size(), ignored);
    }
    return new ParsedStory(new ToonStory(fur, segments), ignored);
  }

  private static String slotName(Slot slot) {
    return slot.name().toLowerCase(Locale.ROOT);
  }
}
