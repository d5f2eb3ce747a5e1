package io.github.tttvideo.toon.metrics;

import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.Accessory;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.ToonStory;
import java.util.List;
import java.util.function.Predicate;

/**
 * Event memory: do later segments still show a persistent event their text no longer mentions?
 *
 * <p>Definition: for each segment k whose event is flour, chef's hat or sunglasses, and each later
 * segment j &gt; k in which that event is still in effect from start to end (by the story; a bath
 * ends flour), one pair (k, j). The pair counts as remembered when, over the frames of j where the
 * character concerned is present (Tom for flour and sunglasses, Jerry for the hat), more than half
 * show it: Tom's fur read as flour white, sunglasses read on Tom, the hat read above Jerry. A
 * segment where the character is never present does not remember. Value: remembered pairs over
 * all pairs. Count: the number of pairs.
 *
 * @since 0.1.0
 */
public final class EventMemory {
  private EventMemory() {}

  /**
   * Computes the metric.
   *
   * @param story the story
   * @param segments the readings, one per segment
   * @return the share of remembered (event, later segment) pairs
   */
  public static Score compute(ToonStory story, List<SegmentReadings> segments) {
    int pairs = 0;
    int remembered = 0;
    for (int k = 0; k < story.size(); k++) {
      Event e = story.segment(k).event();
      Accessory acc = accessory(e);
      if (acc == null) {
        continue;
      }
      for (int j = k + 1; j < story.size(); j++) {
        if (!story.appearanceAtStart(j).has(acc) || !story.appearanceAtEnd(j).has(acc)) {
          break;
        }
        pairs++;
        if (shows(segments.get(j), acc)) {
          remembered++;
        }
      }
    }
    return Score.mean(remembered, pairs);
  }

  private static Accessory accessory(Event e) {
    if (e == null) {
      return null;
    }
    return switch (e) {
      case FLOUR -> Accessory.FLOUR;
      case CHEFS_HAT -> Accessory.CHEFS_HAT;
      case SUNGLASSES -> Accessory.SUNGLASSES;
      case BATH -> null;
    };
  }

  private static boolean shows(SegmentReadings seg, Accessory acc) {
    Predicate<ProbeReading> tom = r -> r.tom().present();
    return switch (acc) {
      case FLOUR -> seg.mostlyShows(tom, ProbeReading::floured);
      case SUNGLASSES -> seg.mostlyShows(tom, ProbeReading::sunglasses);
      case CHEFS_HAT -> seg.mostlyShows(r -> r.jerry().present(), ProbeReading::chefsHat);
    };
  }
}
