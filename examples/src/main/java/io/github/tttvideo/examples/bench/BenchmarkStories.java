package io.github.tttvideo.examples.bench;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.examples.eval.ToonEvaluation;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.Accessory;
import io.github.tttvideo.toon.world.Event;
import io.github.tttvideo.toon.world.FurColour;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.List;

/**
 * The held-out stories of the consistency benchmark, chosen deterministically so that every one
 * tests long-range memory at every benchmarked length.
 *
 * <p>Candidates are {@code StoryGenerator.generate(2^40 + j, segments)} for j = 0, 1, 2, ...:
 * seeds from {@code 2^40} on are the evaluation split of {@code ToonClipDataset}, so no story was
 * trained on. For a given length the generator draws segment by segment, so the story of L
 * segments is the first L segments of the story of 20: the 9 s, 30 s and 60 s versions of a story
 * are prefixes of one another. Story k is the first candidate after story k-1's whose prefix of
 * the shortest benchmarked length
 *
 * <ul>
 *   <li>has Tom's fur {@code FurColour.natural().get(k % 3)} (the colours take turns), named
 *       only in the first segment's text (as every generated story);</li>
 *   <li>has a persistent event (flour, chef's hat, sunglasses) that is still in effect through at
 *       least one later segment whose text does not mention it, so event memory is measured;</li>
 *   <li>has a later segment in which Tom is not floured, so identity consistency is measured
 *       beyond the segment that names the fur.</li>
 * </ul>
 *
 * <p>With a shortest length of one segment the last two conditions cannot hold and are dropped.
 *
 * <pre>{@code
 * for (BenchmarkStories.Pick p : BenchmarkStories.select(4, 3)) {
 *   ToonStory oneMinute = p.story(20);
 * }
 * }</pre>
 */
public final class BenchmarkStories {
  /** First candidate seed: the start of the evaluation split. */
  public static final long FIRST_SEED = ToonEvaluation.EVAL_SEED_START;

  /** Candidates looked at per story before giving up (a story qualifies about one time in 5). */
  private static final int MAX_CANDIDATES = 10_000;

  private static final StoryGenerator GENERATOR = new StoryGenerator();

  private BenchmarkStories() {}

  /**
   * One chosen story.
   *
   * @param index k, 0-based; also the render's noise seed
   * @param seed the story seed, {@code 2^40 + offset}
   */
  public record Pick(int index, long seed) {
    /**
     * {@return the story with the given number of segments (a prefix of the longer ones)}
     *
     * @param segments 1 to 20
     */
    public ToonStory story(int segments) {
      return GENERATOR.generate(seed, segments);
    }

    /** {@return the seed written as {@code 2^40+j}} */
    public String seedLabel() {
      return "2^40+" + (seed - FIRST_SEED);
    }
  }

  /**
   * Chooses the stories.
   *
   * @param count how many, at least 1
   * @param shortest the shortest benchmarked length in segments (1 to 20)
   * @return the picks, in order
   */
  public static List<Pick> select(int count, int shortest) {
    if (count < 1) {
      throw new InvalidInputException("story count must be >= 1, got " + count);
    }
    if (shortest < 1 || shortest > ToonWorld.MAX_SEGMENTS) {
      throw new InvalidInputException("shortest length must be 1 to " + ToonWorld.MAX_SEGMENTS
          + " segments, got " + shortest);
    }
    List<FurColour> furs = FurColour.natural();
    List<Pick> picks = new ArrayList<>(count);
    long next = FIRST_SEED;
    for (int k = 0; k < count; k++) {
      FurColour fur = furs.get(k % furs.size());
      long limit = next + MAX_CANDIDATES;
      while (!qualifies(GENERATOR.generate(next, shortest), fur)) {
        next++;
        if (next == limit) {
          throw new IllegalStateException("no qualifying story among " + MAX_CANDIDATES
              + " candidates for story " + k);
        }
      }
      picks.add(new Pick(k, next));
      next++;
    }
    return picks;
  }

  /**
   * Whether a story meets the benchmark's conditions for the given fur.
   *
   * @param story the story at the shortest length
   * @param fur the fur it must have
   * @return true if it qualifies
   */
  static boolean qualifies(ToonStory story, FurColour fur) {
    if (story.fur() != fur) {
      return false;
    }
    if (story.size() == 1) {
      return true;
    }
    return eventMemoryPairs(story) > 0 && unflouredLaterSegments(story) > 0;
  }

  /**
   * The (event, later segment) pairs event memory scores: a later segment counts while the
   * event's accessory is in effect from its start to its end (as {@code EventMemory} defines).
   *
   * @param story the story
   * @return the number of pairs
   */
  static int eventMemoryPairs(ToonStory story) {
    int pairs = 0;
    for (int k = 0; k < story.size(); k++) {
      Accessory acc = accessory(story.segment(k).event());
      if (acc == null) {
        continue;
      }
      for (int j = k + 1; j < story.size(); j++) {
        if (!story.appearanceAtStart(j).has(acc) || !story.appearanceAtEnd(j).has(acc)) {
          break;
        }
        pairs++;
      }
    }
    return pairs;
  }

  /** Segments after the first in which Tom is never floured (identity consistency reads them). */
  static int unflouredLaterSegments(ToonStory story) {
    int n = 0;
    for (int i = 1; i < story.size(); i++) {
      if (!story.appearanceAtStart(i).floured() && !story.appearanceAtEnd(i).floured()) {
        n++;
      }
    }
    return n;
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
}
