package io.github.tttvideo.core.render;

import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.story.StoryboardReader;
import io.github.tttvideo.core.story.StoryboardWriter;
import io.github.tttvideo.core.weights.SafetensorsFile;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sampled latents of a story, before decoding, with what is needed to decode them later: the
 * story (with its options, title and model), the sampler and the backend that produced them.
 *
 * <p>Saved as safetensors: one F32 tensor {@value #TENSOR} of shape {@code [Nf, C, h, w]} and
 * {@code __metadata__} entries {@code format} ({@value #FORMAT}), {@code story} (the storyboard
 * JSON of the one video), {@code title}, {@code model}, {@code seed}, {@code steps}, {@code
 * guidance}, {@code guidance_scale}, {@code fps}, {@code sampler}, {@code backend}, {@code
 * segments}, {@code latent_frames_per_segment}, {@code version}.
 *
 * <pre>{@code
 * Latents latents = pipeline.sample(story, ProgressListener.none(), new RenderControl());
 * latents.save(Path.of("story.latents.safetensors"));
 * pipeline.decode(Latents.load(Path.of("story.latents.safetensors")), Path.of("story.mp4"));
 * }</pre>
 *
 * @param data {@code [Nf, C, h, w]} row-major
 * @param latentFrames Nf
 * @param channels C
 * @param height h
 * @param width w
 * @param latentFramesPerSegment F (12): segment 0 owns F + 1 latent frames, the others F
 * @param story the story sampled, with its options (equality compares its segments, options,
 *     title and model)
 * @param sampler the sampler used
 * @param backend the backend's name
 * @since 0.1.0
 */
public record Latents(float[] data, int latentFrames, int channels, int height, int width,
    int latentFramesPerSegment, VideoStory story, SamplerKind sampler, String backend) {

  /** The value of the {@code format} metadata entry. */
  public static final String FORMAT = "ttt-video-latents";
  /** Name of the latent tensor. */
  public static final String TENSOR = "latents";

  /** Checks the sizes. */
  public Latents {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(story, "story");
    Objects.requireNonNull(sampler, "sampler");
    backend = backend == null ? "" : backend;
    if (latentFrames < 1 || channels < 1 || height < 1 || width < 1
        || (long) latentFrames * channels * height * width != data.length) {
      throw new InvalidInputException("latents of " + data.length + " values do not have shape ["
          + latentFrames + ", " + channels + ", " + height + ", " + width + "]");
    }
    if (latentFramesPerSegment < 1
        || latentFrames != latentFramesPerSegment * story.segmentCount() + 1) {
      throw new InvalidInputException("latents have " + latentFrames + " frames; a story of "
          + story.segmentCount() + " segments needs " + latentFramesPerSegment + " x "
          + story.segmentCount() + " + 1");
    }
  }

  /**
   * Number of segments.
   *
   * @return n
   */
  public int segments() {
    return story.segmentCount();
  }

  /**
   * Values per latent frame.
   *
   * @return C * h * w
   */
  public int frameSize() {
    return channels * height * width;
  }

  /**
   * Writes the latents and their metadata (replacing the file).
   *
   * @param file the target, usually ending in {@code .latents.safetensors}
   * @return the file
   * @throws IOException if it cannot be written
   */
  public Path save(Path file) throws IOException {
    RenderOptions o = story.options();
    return SafetensorsWriter.to(file)
        .metadata("format", FORMAT)
        .metadata("story", StoryboardWriter.toJson(List.of(story)))
        .metadata("title", story.title().orElse(""))
        .metadata("model", story.model().toString())
        .metadata("model_kind", story.model().directory().isPresent() ? "directory" : "name")
        .metadata("seed", Long.toString(o.seed()))
        .metadata("steps", Integer.toString(o.steps()))
        .metadata("guidance", o.guidance().name())
        .metadata("guidance_scale", Double.toString(o.guidanceScale()))
        .metadata("fps", Integer.toString(o.fps()))
        .metadata("sampler", sampler.id())
        .metadata("backend", backend)
        .metadata("segments", Integer.toString(story.segmentCount()))
        .metadata("latent_frames_per_segment", Integer.toString(latentFramesPerSegment))
        .metadata("version", RenderMetadata.version())
        .add(TENSOR, new long[] {latentFrames, channels, height, width}, data)
        .write();
  }

  /**
   * Reads latents saved by {@link #save(Path)}.
   *
   * @param file the file
   * @return the latents
   * @throws IOException if it cannot be read
   * @throws InvalidInputException if it is not a latents file
   */
  public static Latents load(Path file) throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      Map<String, String> m = f.metadata();
      if (!FORMAT.equals(m.get("format"))) {
        throw new InvalidInputException(file + " is not a ttt-video latents file (metadata format "
            + m.get("format") + ", expected " + FORMAT + ")");
      }
      Tensor t = f.find(TENSOR).map(i -> f.tensor(TENSOR)).orElseThrow(
          () -> new InvalidInputException(file + " has no tensor \"" + TENSOR + "\""));
      long[] shape = t.shape();
      if (shape.length != 4) {
        throw new InvalidInputException(file + ": tensor " + TENSOR + " must have 4 dimensions");
      }
      String modelText = require(m, "model", file);
      ModelReference model = "directory".equals(m.get("model_kind"))
          ? ModelReference.ofDirectory(Path.of(modelText)) : ModelReference.ofName(modelText);
      RenderOptions options = RenderOptions.builder()
          .seed(Long.parseLong(require(m, "seed", file)))
          .steps(Integer.parseInt(require(m, "steps", file)))
          .guidance(GuidanceSchedule.valueOf(require(m, "guidance", file)),
              Double.parseDouble(require(m, "guidance_scale", file)))
          .fps(Integer.parseInt(require(m, "fps", file)))
          .build();
      VideoStory parsed = StoryboardReader.defaults()
          .readJson(require(m, "story", file), file + " (story)").videos().get(0);
      String title = m.getOrDefault("title", "");
      VideoStory story = parsed.toBuilder().options(options).model(model)
          .title(title.isBlank() ? null : title).build();
      return new Latents(t.toFloatArray(), Math.toIntExact(shape[0]), Math.toIntExact(shape[1]),
          Math.toIntExact(shape[2]), Math.toIntExact(shape[3]),
          Integer.parseInt(require(m, "latent_frames_per_segment", file)), story,
          SamplerKind.fromName(m.getOrDefault("sampler", "dpm")), m.getOrDefault("backend", ""));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(file + ": bad number in metadata: " + e.getMessage(), e);
    }
  }

  private static String require(Map<String, String> m, String key, Path file) {
    String v = m.get(key);
    if (v == null) {
      throw new InvalidInputException(file + ": metadata entry \"" + key + "\" is missing");
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Latents l && java.util.Arrays.equals(data, l.data)
        && latentFrames == l.latentFrames && channels == l.channels && height == l.height
        && width == l.width && latentFramesPerSegment == l.latentFramesPerSegment
        && sameStory(story, l.story) && sampler == l.sampler && backend.equals(l.backend);
  }

  /** Equal segments, options, title and model (how the segments are grouped into scenes aside). */
  private static boolean sameStory(VideoStory a, VideoStory b) {
    return a.segments().equals(b.segments()) && a.options().equals(b.options())
        && a.title().equals(b.title()) && a.model().equals(b.model());
  }

  @Override
  public int hashCode() {
    return Objects.hash(java.util.Arrays.hashCode(data), latentFrames, story.segments(), sampler);
  }

  @Override
  public String toString() {
    return "Latents[" + latentFrames + "x" + channels + "x" + height + "x" + width + ", "
        + story + ", " + sampler.id() + ", backend=" + backend + "]";
  }
}
