package io.github.tttvideo.core.render;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderCancelledException;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.TttException;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.sampling.GaussianNoise;
import io.github.tttvideo.core.sampling.GuidanceScale;
import io.github.tttvideo.core.sampling.Sampler;
import io.github.tttvideo.core.sampling.VPrediction;
import io.github.tttvideo.core.spi.Providers;
import io.github.tttvideo.core.story.SceneMarkers;
import io.github.tttvideo.core.story.SegmentPrompt;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.TextEncoder;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a story: story → per-segment prompts (scene markers) → text embeddings (conditional and
 * negative) → seeded noise → N guided denoising steps → latents → segment-by-segment decoding
 * straight into the codec → the file, moved into place only when complete.
 *
 * <p>Everything that can be checked is checked before the model is loaded: that the story fits
 * the model, the output format and folder, the options, the backend and the codec. Memory does not
 * grow with the number of frames: each decoded segment goes to the writer at once.
 *
 * <p>The initial noise is drawn on the CPU from {@link GaussianNoise} with the story's seed, the
 * sampler's step noise from a second generator whose seed is derived from it ({@link
 * #stepNoiseSeed(long)}), so a seed gives the same noise on every backend and device.
 *
 * <pre>{@code
 * RenderPipeline pipeline = RenderPipeline.builder().sampler(SamplerKind.DDIM).build();
 * RenderedVideo video = pipeline.render(story, Path.of("out.mp4"), listener, new RenderControl());
 *
 * // or in two parts, keeping the latents:
 * Latents latents = pipeline.sample(story, listener, control);
 * latents.save(Path.of("out.latents.safetensors"));
 * pipeline.decode(latents, Path.of("out.mp4"), listener, control);
 * }</pre>
 *
 * <p>If decoding fails after sampling, the latents are saved next to the target ({@link
 * OutputTargets#latentsBeside(Path)}) and the exception message names the file, so a long
 * sampling run is never thrown away. Cancellation ({@link RenderControl}, or interrupting the
 * thread) is checked before every step and every segment and leaves no output behind.
 *
 * <p>Thread-safe: a pipeline holds only its configuration; each call loads and closes its model.
 *
 * @since 0.1.0
 */
public final class RenderPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RenderPipeline.class);

  private final BackendProvider backend;
  private final CodecProvider codec;
  private final SamplerKind sampler;
  private final boolean keepLatents;
  private final Function<io.github.tttvideo.api.ModelReference, Path> models;

  private RenderPipeline(Builder b) {
    this.backend = b.backend;
    this.codec = b.codec;
    this.sampler = b.sampler;
    this.keepLatents = b.keepLatents;
    this.models = b.models;
  }

  /**
   * A builder; by default the backend and codec are discovered and DPM-Solver++(2M) SDE samples.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default pipeline.
   *
   * @return a pipeline with discovered backend and codec and the default sampler
   */
  public static RenderPipeline defaults() {
    return builder().build();
  }

  /**
   * The seed of the sampler's step noise for a render seed: a SplitMix64 draw, so that it is
   * unrelated to the initial noise stream.
   *
   * @param seed the render seed
   * @return the derived seed
   */
  public static long stepNoiseSeed(long seed) {
    return new GaussianNoise(seed ^ 0x5DEECE66DL).nextLong();
  }

  /**
   * Renders a story to a video.
   *
   * @param story the story with its options and model
   * @param out the target file (MP4, GIF) or folder (PNG)
   * @param listener progress
   * @param control cancellation
   * @return the video
   * @throws InvalidInputException if the story does not fit the model or the output cannot be
   *     written (before anything is computed)
   * @throws RenderCancelledException if cancelled; nothing is left behind
   * @throws TttException if decoding fails after sampling; the message names the saved latents
   */
  public RenderedVideo render(
      VideoStory story, Path out, ProgressListener listener, RenderControl control) {
    long t0 = System.nanoTime();
    Objects.requireNonNull(out, "out");
    OutputFormat format = OutputTargets.formatOf(out, story.options().format());
    OutputTargets.check(out, format);
    Prepared p = prepare(story);
    CodecProvider chosenCodec = codec(format);
    try (VideoModel model = load(p)) {
      listener.onStart(story.options().steps(), story.segmentCount());
      Latents latents = sampleWith(model, p, listener, control);
      Path saved = null;
      if (keepLatents) {
        try {
          saved = saveLatents(latents, OutputTargets.latentsBeside(out));
        } catch (IOException e) {
          // Not fatal: the video can still be written; the caller asked for an extra file.
          LOG.warn("cannot save latents to {}: {}", OutputTargets.latentsBeside(out), e.toString());
        }
      }
      try {
        return decodeWith(model, latents, out, format, chosenCodec, listener, control, t0);
      } catch (RenderCancelledException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        Path beside = OutputTargets.latentsBeside(out);
        if (saved == null) {
          try {
            saved = saveLatents(latents, beside);
          } catch (IOException | RuntimeException saveFailure) {
            e.addSuppressed(saveFailure);
            throw new TttException("decoding failed after sampling (" + oneLine(e)
                + "), and saving the latents to " + beside + " failed too: "
                + oneLine(saveFailure), e);
          }
        }
        throw new TttException("decoding failed after sampling (" + oneLine(e)
            + "); the sampled latents were saved to " + saved
            + " (decode them with `ttt-video decode " + saved + " -o OUT`)", e);
      }
    }
  }

  /**
   * Samples a story's latents without decoding them.
   *
   * @param story the story with its options and model
   * @param listener progress ({@code onStart}, {@code onStep})
   * @param control cancellation
   * @return the latents
   */
  public Latents sample(VideoStory story, ProgressListener listener, RenderControl control) {
    Prepared p = prepare(story);
    try (VideoModel model = load(p)) {
      listener.onStart(story.options().steps(), story.segmentCount());
      return sampleWith(model, p, listener, control);
    }
  }

  /**
   * Decodes latents to a video, silently.
   *
   * @param latents latents from {@link #sample} or {@link Latents#load(Path)}
   * @param out the target
   * @return the video
   */
  public RenderedVideo decode(Latents latents, Path out) {
    return decode(latents, out, ProgressListener.none(), new RenderControl());
  }

  /**
   * Decodes latents to a video with the model named in their story.
   *
   * @param latents latents from {@link #sample} or {@link Latents#load(Path)}
   * @param out the target
   * @param listener progress ({@code onStart} with 0 steps, {@code onSegmentDecoded}, {@code
   *     onFinish})
   * @param control cancellation
   * @return the video
   */
  public RenderedVideo decode(
      Latents latents, Path out, ProgressListener listener, RenderControl control) {
    long t0 = System.nanoTime();
    OutputFormat format = OutputTargets.formatOf(out, latents.story().options().format());
    OutputTargets.check(out, format);
    Prepared p = prepare(latents.story());
    CodecProvider chosenCodec = codec(format);
    try (VideoModel model = load(p)) {
      listener.onStart(0, latents.segments());
      return decodeWith(model, latents, out, format, chosenCodec, listener, control, t0);
    } catch (IOException e) {
      throw new TttException("decoding failed: " + oneLine(e), e);
    }
  }

  /** What is known before the model is loaded. */
  private record Prepared(VideoStory story, ModelConfig config, SequenceLayout layout,
      Path modelDirectory, BackendProvider backend, BackendOptions backendOptions) {}

  private Prepared prepare(VideoStory story) {
    Objects.requireNonNull(story, "story");
    Path dir = models.apply(story.model());
    ModelConfig config = ModelConfigReader.fromDirectory(dir);
    SequenceLayout layout = SequenceLayout.of(story, config);
    RenderOptions o = story.options();
    if (!o.guidanceChosen()) {
      // no guidance asked: the model's recommended one, else the defaults; fixed here so that
      // metadata and saved latents record what was used
      var recommended = config.recommendedGuidance();
      o = o.toBuilder().guidance(
          recommended.map(ModelConfig.Guidance::schedule).orElse(o.guidance()),
          recommended.map(ModelConfig.Guidance::scale).orElse(o.guidanceScale())).build();
      story = story.toBuilder().options(o).build();
    }
    if (o.width() != 0 && (o.width() != config.pixelWidth() || o.height() != config.pixelHeight())) {
      throw new InvalidInputException("model " + config.name() + " renders "
          + config.pixelWidth() + "x" + config.pixelHeight() + " frames; got size "
          + o.width() + "x" + o.height() + " (leave the size at 0 for the model's own)");
    }
    BackendOptions bo = new BackendOptions(device(o), o.threads(), null);
    BackendProvider chosen = backend != null ? backend : Providers.backend(o.backend().orElse(null));
    return new Prepared(story, config, layout, dir, chosen, bo);
  }

  private static String device(RenderOptions o) {
    String d = o.device().orElse("auto");
    int colon = d.indexOf(':');
    return colon > 0 ? d.substring(0, colon) : d;
  }

  private CodecProvider codec(OutputFormat format) {
    if (codec != null) {
      if (!codec.formats().contains(format)) {
        throw new InvalidInputException("codec " + codec.name() + " does not write " + format);
      }
      return codec;
    }
    return Providers.codec(format, null);
  }

  private static VideoModel load(Prepared p) {
    VideoModel m = p.backend().load(p.modelDirectory(), p.backendOptions());
    if (m == null) {
      throw new ModelLoadException("backend " + p.backend().name() + " returned no model for "
          + p.modelDirectory());
    }
    return m;
  }

  /**
   * The prompts the text encoder sees: the story's segments, with the scene's setting repeated
   * where the model asks for it ({@code scene_setting}), then the scene markers.
   */
  static List<SegmentPrompt> prompts(VideoStory story, ModelConfig config) {
    List<Segment> segments = config.sceneSettings()
        .map(rule -> rule.carry(story.segments()))
        .orElse(story.segments());
    return SceneMarkers.prompts(segments);
  }

  private Latents sampleWith(
      VideoModel model, Prepared p, ProgressListener listener, RenderControl control) {
    VideoStory story = p.story();
    RenderOptions o = story.options();
    SequenceLayout layout = p.layout();
    ModelConfig config = p.config();
    int n = layout.segments();
    int tt = layout.textTokensPerSegment();
    int nf = layout.latentFrames();
    List<SegmentPrompt> prompts = prompts(story, config);
    TextEncoder encoder = model.textEncoder();
    control.checkpoint("text encoding");
    float[] cond = encode(encoder, prompts, false, tt);
    float[] uncond = encode(encoder, prompts, true, tt);

    int frameSize = config.latentChannels() * config.latentHeight() * config.latentWidth();
    // [Nf, C, h, w], drawn on the CPU so that a seed means the same noise everywhere.
    float[] noise = new GaussianNoise(o.seed()).fill(new float[Math.multiplyExact(nf, frameSize)]);
    Sampler s = sampler.create(o.steps());
    GuidanceScale guidance = GuidanceScale.of(o.guidance(), o.guidanceScale());
    Sampler.Run run = s.start(noise, new GaussianNoise(stepNoiseSeed(o.seed())));
    int total = o.steps();
    long start = System.nanoTime();
    while (!run.done()) {
      int i = run.step();
      control.checkpoint("step " + (i + 1) + " of " + total);
      int t = run.timestep();
      float[] x = run.latents().clone();
      float[] vu = velocity(model, new DenoiseInput(x, nf, uncond, n, tt, t), x.length);
      float[] vc = velocity(model, new DenoiseInput(x, nf, cond, n, tt, t), x.length);
      float[] d = VPrediction.toX0(x, vu, run.denoiserAlpha());
      float[] dc = VPrediction.toX0(x, vc, run.denoiserAlpha());
      GuidanceScale.combine(d, dc, guidance.scale(i, total, t), d);
      run.advance(d);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      int done = i + 1;
      Duration eta = elapsed.dividedBy(done).multipliedBy(total - done);
      listener.onStep(done, total, elapsed, eta);
    }
    return new Latents(run.latents(), nf, config.latentChannels(), config.latentHeight(),
        config.latentWidth(), config.latentFramesPerSegment(), story, sampler, p.backend().name());
  }

  private static float[] velocity(VideoModel model, DenoiseInput in, int expected) {
    float[] v = model.predictVelocity(in);
    if (v == null || v.length != expected) {
      throw new TttException("the backend returned " + (v == null ? "no" : v.length)
          + " velocity values for " + expected + " latent values");
    }
    return v;
  }

  private static float[] encode(
      TextEncoder encoder, List<SegmentPrompt> prompts, boolean negative, int tokens) {
    int dim = encoder.dimension();
    int block = Math.multiplyExact(tokens, dim);
    float[] out = new float[Math.multiplyExact(block, prompts.size())];
    for (int i = 0; i < prompts.size(); i++) {
      SegmentPrompt pr = prompts.get(i);
      float[] e = encoder.encode(negative ? pr.negativeText() : pr.text(), tokens);
      if (e == null || e.length != block) {
        throw new TttException("the text encoder returned " + (e == null ? "no" : e.length)
            + " values for " + tokens + " tokens of width " + dim);
      }
      // [n, Tt, textDim]: segment i's block
      System.arraycopy(e, 0, out, i * block, block);
    }
    return out;
  }

  private RenderedVideo decodeWith(VideoModel model, Latents latents, Path out,
      OutputFormat format, CodecProvider codec, ProgressListener listener, RenderControl control,
      long t0) throws IOException {
    VideoStory story = latents.story();
    RenderOptions o = story.options();
    int n = latents.segments();
    int frameSize = latents.frameSize();
    String title = story.title().orElse("");
    String metadata = RenderMetadata.of(latents);
    long start = System.nanoTime();
    VideoWriter writer = null;
    try (LatentDecoder decoder = model.openDecoder()) {
      int first = 0;
      for (int i = 0; i < n; i++) {
        control.checkpoint("decoding segment " + (i + 1) + " of " + n);
        int count = i == 0 ? latents.latentFramesPerSegment() + 1 : latents.latentFramesPerSegment();
        // [count, C, h, w]: this segment's latent frames
        float[] slice = Arrays.copyOfRange(
            latents.data(), first * frameSize, (first + count) * frameSize);
        List<VideoFrame> frames = decoder.decodeNext(slice, count);
        for (VideoFrame f : frames) {
          if (writer == null) {
            // Opened at the first frame: the decoder decides the pixel size.
            writer = codec.openWriter(
                new VideoWriterSpec(out, format, f.width(), f.height(), o.fps(), title, metadata));
          }
          writer.write(f);
        }
        first += count;
        listener.onSegmentDecoded(i, n, frames.size(),
            Duration.ofNanos(System.nanoTime() - start));
      }
      if (writer == null) {
        throw new TttException("the decoder produced no frames");
      }
      control.checkpoint("writing " + out);
      long written = writer.framesWritten();
      Path done = writer.commit();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("rendered {} frames to {} in {}", written, done, elapsed);
      listener.onFinish(done, elapsed);
      return new RenderedVideo(done, written, o.fps(),
          Duration.ofNanos(Math.round(written * 1e9 / o.fps())), o.seed(), elapsed);
    } finally {
      if (writer != null) {
        writer.close();
      }
    }
  }

  private static Path saveLatents(Latents latents, Path file) throws IOException {
    Path saved = latents.save(file);
    LOG.info("saved latents to {}", saved);
    return saved;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
  }

  /**
   * Builds a {@link RenderPipeline}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private BackendProvider backend;
    private CodecProvider codec;
    private SamplerKind sampler = SamplerKind.DPM;
    private boolean keepLatents;
    private Function<io.github.tttvideo.api.ModelReference, Path> models =
        ModelDirectories::resolve;

    private Builder() {}

    /**
     * Uses this backend instead of discovering one.
     *
     * @param backend the backend, or null to discover
     * @return this builder
     */
    public Builder backend(BackendProvider backend) {
      this.backend = backend;
      return this;
    }

    /**
     * Uses this codec instead of discovering one.
     *
     * @param codec the codec, or null to discover
     * @return this builder
     */
    public Builder codec(CodecProvider codec) {
      this.codec = codec;
      return this;
    }

    /**
     * Chooses the sampler.
     *
     * @param sampler DPM (default) or DDIM
     * @return this builder
     */
    public Builder sampler(SamplerKind sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /**
     * Also saves the latents of every render next to its output ({@code
     * OUT.latents.safetensors}), not only when decoding fails.
     *
     * @param keep true to keep them
     * @return this builder
     */
    public Builder keepLatents(boolean keep) {
      this.keepLatents = keep;
      return this;
    }

    /**
     * Resolves model references to directories (default: {@link ModelDirectories#resolve}).
     *
     * @param models the resolver
     * @return this builder
     */
    public Builder models(Function<io.github.tttvideo.api.ModelReference, Path> models) {
      this.models = Objects.requireNonNull(models, "models");
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     */
    public RenderPipeline build() {
      return new RenderPipeline(this);
    }
  }
}
