package io.github.tttvideo.examples.eval;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.render.RenderPipeline;
import io.github.tttvideo.core.render.SamplerKind;
import io.github.tttvideo.core.story.StoryboardReader;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.toon.story.StoryboardJson;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders toon-world stories with a model through the normal render pipeline, in this process,
 * and hands back the frames the toon metrics score: the story is written as a storyboard ({@code
 * StoryboardJson}), read back with {@code StoryboardReader} and rendered by {@link
 * RenderPipeline}; frames stay in memory (no video compression between the decoder and the
 * probes) and the model's {@code 1 + 48 n} frames lose their first one (the VAE's lone first
 * frame). Shared by {@link ToonEvaluation} and the consistency benchmark.
 *
 * <pre>{@code
 * try (ToonModelRenderer r = new ToonModelRenderer(SamplerKind.DPM)) {
 *   List<ToonFrame> frames = r.render(story, modelDir, options, "story-0", listener);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one render at a time.
 */
public final class ToonModelRenderer implements AutoCloseable {
  private final MemoryCodec codec = new MemoryCodec();
  private final RenderPipeline pipeline;
  private final Path scratch;
  private int renders;

  /**
   * Creates a renderer with its own (empty) scratch folder for the pipeline's output checks.
   *
   * @param sampler the sampler
   */
  public ToonModelRenderer(SamplerKind sampler) {
    this.pipeline = RenderPipeline.builder().codec(codec).sampler(sampler).build();
    try {
      this.scratch = Files.createTempDirectory("ttt-toon-render-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders one story; the model is loaded (and closed) by the pipeline.
   *
   * @param story the story
   * @param modelDir the model directory
   * @param options the render options (seed, steps, guidance, backend, device); the format is
   *     forced to PNG (frames never reach a file)
   * @param title the storyboard's title
   * @param listener progress of the render
   * @return 48 frames per segment
   * @throws InvalidInputException if the model renders another frame count or size
   */
  public List<ToonFrame> render(ToonStory story, Path modelDir, RenderOptions options,
      String title, ProgressListener listener) {
    VideoStory video = StoryboardReader.defaults()
        .readJson(StoryboardJson.write(List.of(story)), title).videos().get(0)
        .toBuilder().model(ModelReference.ofDirectory(modelDir))
        .options(options.toBuilder().format(OutputFormat.PNG).build()).build();
    pipeline.render(video, scratch.resolve("render-" + renders++), listener, new RenderControl());
    return toonFrames(codec.take(), story);
  }

  /** Deletes the scratch folder (nothing is ever written into it). */
  @Override
  public void close() {
    try (var left = Files.list(scratch)) {
      if (left.findAny().isEmpty()) {
        Files.delete(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The 48 frames per segment of a render: a {@code 1 + 48 n} frame video loses its first frame.
   *
   * @param frames the decoder's frames
   * @param story the story rendered
   * @return the frames to score
   */
  static List<ToonFrame> toonFrames(List<VideoFrame> frames, ToonStory story) {
    int want = story.frameCount();
    int skip = frames.size() - want;
    if (skip != 0 && skip != 1) {
      throw new InvalidInputException("the model rendered " + frames.size() + " frames; "
          + story.size() + " segments need " + want + " (or " + (want + 1) + ")");
    }
    List<ToonFrame> out = new ArrayList<>(want);
    for (VideoFrame f : frames.subList(skip, frames.size())) {
      if (f.width() != ToonWorld.WIDTH || f.height() != ToonWorld.HEIGHT) {
        throw new InvalidInputException("the toon metrics need " + ToonWorld.WIDTH + "x"
            + ToonWorld.HEIGHT + " frames, the model renders " + f.width() + "x" + f.height());
      }
      out.add(ToonFrame.ofRgbBytes(f.rgb()));
    }
    return out;
  }
}
