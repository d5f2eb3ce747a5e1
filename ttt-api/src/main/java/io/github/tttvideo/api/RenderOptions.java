package io.github.tttvideo.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How a story is rendered: seed, sampler steps, guidance, frame rate and size, and where it runs.
 *
 * <p>Immutable; built with a builder that checks every value at {@link Builder#build()} and names
 * the field and the bad value in its message.
 *
 * <pre>{@code
 * RenderOptions options = RenderOptions.builder()
 *     .seed(42)
 *     .steps(30)
 *     .guidance(GuidanceSchedule.CONSTANT, 5.0)
 *     .format(OutputFormat.GIF)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: seed 0, 50 steps, the guidance the model's config recommends if it does (see
 * {@link #guidanceChosen()}), else {@link GuidanceSchedule#DYNAMIC_COSINE} with scale 6, 16 fps,
 * the model's own frame size (width and height 0), backend and device chosen automatically, MP4,
 * threads chosen automatically (0).
 *
 * @since 0.1.0
 */
public final class RenderOptions {

  /** Default number of denoising steps. */
  public static final int DEFAULT_STEPS = 50;
  /** Default guidance scale. */
  public static final double DEFAULT_GUIDANCE_SCALE = 6.0;
  /** Default frame rate. */
  public static final int DEFAULT_FPS = 16;
  /** Frame sizes must be multiples of this (8x VAE compression, then 2x2 patches). */
  public static final int SIZE_MULTIPLE = 16;

  private static final RenderOptions DEFAULTS = builder().build();

  private final long seed;
  private final int steps;
  private final GuidanceSchedule guidance;
  private final double guidanceScale;
  private final boolean guidanceChosen;
  private final int fps;
  private final int width;
  private final int height;
  private final String backend;
  private final OutputFormat format;
  private final String device;
  private final int threads;

  private RenderOptions(Builder b) {
    this.seed = b.seed;
    this.steps = b.steps;
    this.guidance = b.guidance;
    this.guidanceScale = b.guidanceScale;
    this.guidanceChosen = b.guidanceChosen;
    this.fps = b.fps;
    this.width = b.width;
    this.height = b.height;
    this.backend = b.backend;
    this.format = b.format;
    this.device = b.device;
    this.threads = b.threads;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default options.
   *
   * @return the defaults
   */
  public static RenderOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from these options.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.seed = seed;
    b.steps = steps;
    b.guidance = guidance;
    b.guidanceScale = guidanceScale;
    b.guidanceChosen = guidanceChosen;
    b.fps = fps;
    b.width = width;
    b.height = height;
    b.backend = backend;
    b.format = format;
    b.device = device;
    b.threads = threads;
    return b;
  }

  /**
   * Seed of the initial noise and of the sampler's noise.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Number of denoising steps.
   *
   * @return at least 1
   */
  public int steps() {
    return steps;
  }

  /**
   * The guidance schedule.
   *
   * @return the schedule
   */
  public GuidanceSchedule guidance() {
    return guidance;
  }

  /**
   * The guidance scale (the constant for {@link GuidanceSchedule#CONSTANT}, the amplitude for the
   * cosine schedules).
   *
   * @return a finite value >= 0
   */
  public double guidanceScale() {
    return guidanceScale;
  }

  /**
   * Whether the guidance was chosen ({@link Builder#guidance}). When it was not, a model whose
   * config recommends a guidance ({@code guidance} in its {@code config.json}, e.g. the embedded
   * toon model's constant scale) is rendered with that one, and every other model with the
   * defaults above (the reference's dynamic cosine schedule, scale 6).
   *
   * @return true once a guidance was set
   */
  public boolean guidanceChosen() {
    return guidanceChosen;
  }

  /**
   * Frames per second of the written video.
   *
   * @return frames per second
   */
  public int fps() {
    return fps;
  }

  /**
   * Frame width in pixels.
   *
   * @return the width, or 0 for the model's own width
   */
  public int width() {
    return width;
  }

  /**
   * Frame height in pixels.
   *
   * @return the height, or 0 for the model's own height
   */
  public int height() {
    return height;
  }

  /**
   * Name of the backend to use.
   *
   * @return the name, or empty to choose automatically
   */
  public Optional<String> backend() {
    return Optional.ofNullable(backend);
  }

  /**
   * Container of the written video.
   *
   * @return the format
   */
  public OutputFormat format() {
    return format;
  }

  /**
   * Device to run on, for example {@code "cpu"} or {@code "gpu:0"}.
   *
   * @return the device, or empty to choose automatically
   */
  public Optional<String> device() {
    return Optional.ofNullable(device);
  }

  /**
   * Number of CPU threads.
   *
   * @return the count, or 0 to choose automatically
   */
  public int threads() {
    return threads;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RenderOptions r
        && seed == r.seed
        && steps == r.steps
        && guidance == r.guidance
        && Double.compare(guidanceScale, r.guidanceScale) == 0
        && guidanceChosen == r.guidanceChosen
        && fps == r.fps
        && width == r.width
        && height == r.height
        && Objects.equals(backend, r.backend)
        && format == r.format
        && Objects.equals(device, r.device)
        && threads == r.threads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        seed, steps, guidance, guidanceScale, guidanceChosen, fps, width, height, backend, format,
        device, threads);
  }

  @Override
  public String toString() {
    return "RenderOptions[seed=" + seed + ", steps=" + steps + ", guidance=" + guidance
        + "(" + guidanceScale + (guidanceChosen ? "" : ", or the model's") + "), fps=" + fps + ", size=" + width + "x" + height
        + ", backend=" + backend + ", format=" + format + ", device=" + device
        + ", threads=" + threads + "]";
  }

  /**
   * Builds {@link RenderOptions}; every value is checked at {@link #build()}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private long seed;
    private int steps = DEFAULT_STEPS;
    private GuidanceSchedule guidance = GuidanceSchedule.DYNAMIC_COSINE;
    private double guidanceScale = DEFAULT_GUIDANCE_SCALE;
    private boolean guidanceChosen;
    private int fps = DEFAULT_FPS;
    private int width;
    private int height;
    private String backend;
    private OutputFormat format = OutputFormat.MP4;
    private String device;
    private int threads;

    private Builder() {}

    /**
     * Sets the seed.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the number of denoising steps.
     *
     * @param steps at least 1
     * @return this builder
     */
    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    /**
     * Sets the guidance schedule, keeping the scale.
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder guidance(GuidanceSchedule schedule) {
      this.guidance = schedule;
      this.guidanceChosen = true;
      return this;
    }

    /**
     * Sets the guidance schedule and its scale.
     *
     * @param schedule the schedule
     * @param scale a finite value >= 0
     * @return this builder
     */
    public Builder guidance(GuidanceSchedule schedule, double scale) {
      this.guidance = schedule;
      this.guidanceScale = scale;
      this.guidanceChosen = true;
      return this;
    }

    /**
     * Sets the frame rate.
     *
     * @param fps 1 to 240
     * @return this builder
     */
    public Builder fps(int fps) {
      this.fps = fps;
      return this;
    }

    /**
     * Sets the frame size; 0 and 0 mean the model's own size.
     *
     * @param width pixels, a positive multiple of 16, or 0
     * @param height pixels, a positive multiple of 16, or 0
     * @return this builder
     */
    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * Names the backend to use.
     *
     * @param backend the name, or {@code null} to choose automatically
     * @return this builder
     */
    public Builder backend(String backend) {
      this.backend = backend;
      return this;
    }

    /**
     * Sets the container of the written video.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(OutputFormat format) {
      this.format = format;
      return this;
    }

    /**
     * Names the device to run on.
     *
     * @param device for example {@code "cpu"}, or {@code null} to choose automatically
     * @return this builder
     */
    public Builder device(String device) {
      this.device = device;
      return this;
    }

    /**
     * Sets the number of CPU threads.
     *
     * @param threads at least 1, or 0 to choose automatically
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Checks the values and builds the options.
     *
     * @return the options
     * @throws InvalidInputException naming the first bad field and its value
     */
    public RenderOptions build() {
      if (steps < 1) {
        throw new InvalidInputException("steps must be >= 1, got " + steps);
      }
      if (guidance == null) {
        throw new InvalidInputException("guidance must not be null");
      }
      if (!Double.isFinite(guidanceScale) || guidanceScale < 0) {
        throw new InvalidInputException(
            "guidanceScale must be a finite number >= 0, got " + guidanceScale);
      }
      if (fps < 1 || fps > 240) {
        throw new InvalidInputException("fps must be between 1 and 240, got " + fps);
      }
      checkSize("width", width);
      checkSize("height", height);
      if ((width == 0) != (height == 0)) {
        throw new InvalidInputException(
            "width and height must both be 0 (model size) or both be set, got "
                + width + "x" + height);
      }
      checkName("backend", backend);
      if (format == null) {
        throw new InvalidInputException("format must not be null");
      }
      checkName("device", device);
      if (threads < 0) {
        throw new InvalidInputException("threads must be >= 0 (0 = automatic), got " + threads);
      }
      return new RenderOptions(this);
    }

    private static void checkSize(String field, int value) {
      if (value < 0 || value % SIZE_MULTIPLE != 0) {
        throw new InvalidInputException(
            field + " must be 0 or a positive multiple of " + SIZE_MULTIPLE + ", got " + value);
      }
    }

    private static void checkName(String field, String value) {
      if (value != null && value.isBlank()) {
        throw new InvalidInputException(field + " must not be blank, got \"" + value + "\"");
      }
    }
  }
}
