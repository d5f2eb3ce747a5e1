package io.github.tttvideo.toon.metrics;

import io.github.tttvideo.toon.probe.ProbeReading;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.Room;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The probe readings of one segment's 48 frames, with the summaries the metrics share.
 *
 * @param frames one reading per frame, in order
 * @since 0.1.0
 */
public record SegmentReadings(List<ProbeReading> frames) {
  /**
   * Creates the readings, copying the list.
   *
   * @param frames see the record description
   */
  public SegmentReadings {
    frames = List.copyOf(frames);
  }

  /** {@return the first frame's reading} */
  public ProbeReading first() {
    return frames.get(0);
  }

  /** {@return the last frame's reading} */
  public ProbeReading last() {
    return frames.get(frames.size() - 1);
  }

  /** {@return the room read on the most frames (ties: enum order), or null if none was read} */
  public Room majorityRoom() {
    Map<Room, Integer> counts = new EnumMap<>(Room.class);
    for (ProbeReading r : frames) {
      if (r.room() != null) {
        counts.merge(r.room(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /** {@return Tom's fur read on the most frames where he is present, or null if never present} */
  public FurColour majorityFur() {
    Map<FurColour, Integer> counts = new EnumMap<>(FurColour.class);
    for (ProbeReading r : frames) {
      if (r.tom().present()) {
        counts.merge(r.tomFur(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /**
   * {@return the share of frames where the predicate holds}
   *
   * @param p the test for one frame
   */
  public double share(Predicate<ProbeReading> p) {
    return frames.stream().filter(p).count() / (double) frames.size();
  }

  /**
   * Returns whether more than half of the frames where the character is present satisfy the
   * predicate; false when it is never present.
   *
   * @param present whether the character is present in a frame
   * @param shows whether a frame shows the property
   * @return the majority verdict
   */
  public boolean mostlyShows(Predicate<ProbeReading> present, Predicate<ProbeReading> shows) {
    int n = 0;
    int yes = 0;
    for (ProbeReading r : frames) {
      if (present.test(r)) {
        n++;
        if (shows.test(r)) {
          yes++;
        }
      }
    }
    return n > 0 && yes * 2 > n;
  }
}
