package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.core.story.SceneMarkers;
import io.github.tttvideo.core.story.SegmentPrompt;
import io.github.tttvideo.toon.render.RenderedStory;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deterministic training and evaluation clips from the toon world: example k of a split is the
 * story {@code StoryGenerator.generate(seed, n)} rendered by {@link ToonRenderer}, with {@code
 * seed = k} for {@link Split#TRAIN} and {@code seed = EVAL_SEED_START + k} for {@link Split#EVAL}.
 * Training indices are limited to {@code [0, EVAL_SEED_START)}, so the two splits never share a
 * story seed.
 *
 * <p>A clip of n segments has {@code 1 + 48 n} frames: frame 0 repeats the first rendered frame,
 * standing in for the lone first frame of a causal video VAE (4x temporal compression turns
 * {@code 1 + 48 n} frames into {@code 1 + 12 n} latent frames, as the reference's {@code 12 n + 1}),
 * and frames {@code 1 + 48 i ... 48 (i + 1)} are segment i. Pixels are RGB in [-1, 1]
 * ({@code c / 127.5 - 1}), shaped [T, 3, 64, 64].
 *
 * <p>Texts are the story's segment texts with the reference's scene markers ({@link SceneMarkers}):
 * before a segment that requires a scene transition, "&lt;end_scene&gt;" ends the previous text and
 * "&lt;start_scene&gt;" starts its own.
 *
 * <pre>{@code
 * ToonClipDataset data = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
 * ClipBatch batch = data.batch(manager, 3, cursor, 2);   // 2 clips of 9 s: [2, 145, 3, 64, 64]
 * cursor = batch.nextCursor();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ToonClipDataset {
  /** First story seed of the evaluation split; training seeds are below it. */
  public static final long EVAL_SEED_START = 1L << 40;

  /** Which seeds a dataset draws from. */
  public enum Split {
    /** Seeds {@code [0, EVAL_SEED_START)}. */
    TRAIN,
    /** Seeds from {@code EVAL_SEED_START} on. */
    EVAL
  }

  private final Split split;
  private final StoryGenerator generator = new StoryGenerator();
  private final ToonRenderer renderer = new ToonRenderer();

  /**
   * A dataset over one split.
   *
   * @param split the split
   */
  public ToonClipDataset(Split split) {
    this.split = split;
  }

  /** {@return the split} */
  public Split split() {
    return split;
  }

  /**
   * The story seed of an example.
   *
   * @param index the example index, >= 0
   * @return its seed
   */
  public long seedOf(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    if (split == Split.TRAIN) {
      if (index >= EVAL_SEED_START) {
        throw new IllegalArgumentException("training index " + index + " reaches the eval seeds");
      }
      return index;
    }
    return Math.addExact(EVAL_SEED_START, index);
  }

  /**
   * Frames of a clip.
   *
   * @param segments segments
   * @return {@code 1 + 48 segments}
   */
  public static int framesOf(int segments) {
    return 1 + ToonWorld.FRAMES_PER_SEGMENT * segments;
  }

  /**
   * Renders one example.
   *
   * @param segments 1 to {@value ToonWorld#MAX_SEGMENTS}
   * @param index the example index
   * @return the clip
   */
  public ToonClip clip(int segments, long index) {
    long seed = seedOf(index);
    ToonStory story = generator.generate(seed, segments);
    RenderedStory video = renderer.render(story);
    int frames = framesOf(segments);
    int plane = ToonWorld.PIXELS;
    float[] px = new float[frames * 3 * plane];
    List<ToonFrame> rendered = video.frames();
    for (int f = 0; f < frames; f++) {
      int[] argb = rendered.get(Math.max(0, f - 1)).argb();
      int base = f * 3 * plane; // [T, 3, H, W]
      for (int i = 0; i < plane; i++) {
        int c = argb[i];
        px[base + i] = ((c >> 16) & 0xFF) / 127.5f - 1f;
        px[base + plane + i] = ((c >> 8) & 0xFF) / 127.5f - 1f;
        px[base + 2 * plane + i] = (c & 0xFF) / 127.5f - 1f;
      }
    }
    return new ToonClip(seed, segments, frames, px, texts(story));
  }

  /**
   * The per-segment prompts of a story, with scene markers.
   *
   * @param story the story
   * @return one prompt per segment
   */
  public static List<String> texts(ToonStory story) {
    List<Segment> segments = new ArrayList<>();
    int scene = 0;
    for (int i = 0; i < story.size(); i++) {
      boolean transition = i > 0 && story.segment(i).newScene();
      if (transition) {
        scene++;
      }
      segments.add(new Segment(story.text(i), null, transition, scene, Map.of()));
    }
    List<String> out = new ArrayList<>();
    for (SegmentPrompt p : SceneMarkers.prompts(segments)) {
      out.add(p.text());
    }
    return out;
  }

  /**
   * A batch of consecutive examples.
   *
   * @param manager where the video array is created
   * @param segments segments per clip
   * @param cursor index of the first example
   * @param batchSize examples
   * @return the batch; {@code nextCursor = cursor + batchSize}
   */
  public ClipBatch batch(NDManager manager, int segments, long cursor, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    int frames = framesOf(segments);
    int per = frames * 3 * ToonWorld.PIXELS;
    float[] all = new float[Math.multiplyExact(per, batchSize)];
    List<List<String>> texts = new ArrayList<>();
    long[] seeds = new long[batchSize];
    for (int b = 0; b < batchSize; b++) {
      ToonClip c = clip(segments, cursor + b);
      System.arraycopy(c.pixels(), 0, all, b * per, per);
      texts.add(c.texts());
      seeds[b] = c.seed();
    }
    NDArray video =
        manager.create(all, new Shape(batchSize, frames, 3, ToonWorld.HEIGHT, ToonWorld.WIDTH));
    return new ClipBatch(video, texts, seeds, cursor + batchSize);
  }
}
