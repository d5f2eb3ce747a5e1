package io.github.tttvideo.api;

import io.github.tttvideo.spi.StoryRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A story to render: its scenes (each a run of 3-second segments), the render options, an
 * optional title and the model to use.
 *
 * <p>Immutable. A story holds no native resources, so it is not {@link AutoCloseable}: the model
 * and the codec are opened by {@link #render(Path, ProgressListener, RenderControl)} and closed
 * before it returns. Rendering needs {@code ttt-core}, a backend (for example {@code
 * io.github.tttvideo:backend-djl}) and a codec ({@code io.github.tttvideo:codec-javacv}) on the
 * class path.
 *
 * <pre>{@code
 * VideoStory story = VideoStory.builder()
 *     .title("Kitchen chase")
 *     .scene(Scene.of("In the kitchen. Tom the orange cat and Jerry the brown mouse are here."
 *                     + " Tom chases Jerry to the left.")
 *                 .then("Jerry hides in a hole.")
 *                 .negative("blurry"))
 *     .scene(Scene.of("In the garden. Tom sleeps.").transition())
 *     .seed(42)
 *     .build();
 * story.segments().size();     // 3
 * story.durationSeconds();     // 9
 * RenderedVideo video = story.render(Path.of("kitchen.mp4"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class VideoStory {

  private final List<Scene> scenes;
  private final List<Segment> segments;
  private final RenderOptions options;
  private final String title;
  private final ModelReference model;

  private VideoStory(
      List<Scene> scenes, RenderOptions options, String title, ModelReference model) {
    this.scenes = scenes;
    this.options = options;
    this.title = title;
    this.model = model;
    this.segments = flatten(scenes);
  }

  private static List<Segment> flatten(List<Scene> scenes) {
    List<Segment> out = new ArrayList<>();
    for (int k = 0; k < scenes.size(); k++) {
      Scene scene = scenes.get(k);
      // The reference forces the flag of the very first segment to false.
      boolean transition = k > 0 && scene.startsWithTransition();
      List<Segment> inScene = scene.segments();
      for (int j = 0; j < inScene.size(); j++) {
        out.add(inScene.get(j).placed(k, j == 0 && transition));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * A builder for a story.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this story.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.scenes.addAll(scenes);
    b.options = options.toBuilder();
    b.title = title;
    b.model = model;
    return b;
  }

  /**
   * The scenes, in order.
   *
   * @return at least one scene
   */
  public List<Scene> scenes() {
    return scenes;
  }

  /**
   * All segments of all scenes in order, each with its scene index and transition flag; the first
   * segment of a scene that starts with a transition (other than the first scene) has {@code
   * requiresSceneTransition} true.
   *
   * @return at least one segment
   */
  public List<Segment> segments() {
    return segments;
  }

  /**
   * Number of 3-second segments.
   *
   * @return at least 1
   */
  public int segmentCount() {
    return segments.size();
  }

  /**
   * Length of the video in seconds.
   *
   * @return 3 times the number of segments
   */
  public int durationSeconds() {
    return Durations.secondsFor(segments.size());
  }

  /**
   * The render options.
   *
   * @return the options
   */
  public RenderOptions options() {
    return options;
  }

  /**
   * The title.
   *
   * @return the title, or empty
   */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /**
   * The model the story is meant for.
   *
   * @return the model reference ({@code toon} unless set)
   */
  public ModelReference model() {
    return model;
  }

  /**
   * Renders the story to a video file, silently.
   *
   * @param out the target file (MP4 or GIF) or folder (PNG frames)
   * @return the rendered video
   * @see #render(Path, ProgressListener, RenderControl)
   */
  public RenderedVideo render(Path out) {
    return render(out, ProgressListener.none(), new RenderControl());
  }

  /**
   * Renders the story to a video file, reporting progress.
   *
   * @param out the target file (MP4 or GIF) or folder (PNG frames)
   * @param listener progress
   * @return the rendered video
   * @see #render(Path, ProgressListener, RenderControl)
   */
  public RenderedVideo render(Path out, ProgressListener listener) {
    return render(out, listener, new RenderControl());
  }

  /**
   * Renders the story to a video file: loads the model on a backend, samples, decodes segment by
   * segment straight into the codec and moves the file into place when it is complete.
   *
   * @param out the target file (MP4 or GIF) or folder (PNG frames); its folder must exist
   * @param listener progress
   * @param control cancels the render from another thread
   * @return the rendered video
   * @throws InvalidInputException if the story does not fit the model or the target cannot be
   *     written (checked before any computation)
   * @throws BackendUnavailableException if no renderer, backend or codec is on the class path
   * @throws ModelLoadException if the model cannot be loaded
   * @throws RenderCancelledException if cancelled; no file is left behind
   */
  public RenderedVideo render(Path out, ProgressListener listener, RenderControl control) {
    Objects.requireNonNull(out, "out");
    return renderer().render(this, out,
        listener == null ? ProgressListener.none() : listener,
        control == null ? new RenderControl() : control);
  }

  private static StoryRenderer renderer() {
    StoryRenderer best = null;
    for (StoryRenderer r : ServiceLoader.load(StoryRenderer.class, VideoStory.class.getClassLoader())) {
      if (best == null || r.rank() > best.rank()) {
        best = r;
      }
    }
    if (best == null) {
      throw new BackendUnavailableException("no StoryRenderer found on the class path: add"
          + " io.github.tttvideo:ttt-core, a backend (io.github.tttvideo:backend-djl) and a codec"
          + " (io.github.tttvideo:codec-javacv)");
    }
    return best;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VideoStory s
        && scenes.equals(s.scenes)
        && options.equals(s.options)
        && Objects.equals(title, s.title)
        && model.equals(s.model);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scenes, options, title, model);
  }

  @Override
  public String toString() {
    return "VideoStory[" + (title == null ? "" : "\"" + title + "\", ") + scenes.size()
        + " scene(s), " + segments.size() + " segment(s), model=" + model + "]";
  }

  /**
   * Builds a {@link VideoStory}; values are checked at {@link #build()}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<Scene> scenes = new ArrayList<>();
    private RenderOptions.Builder options = RenderOptions.builder();
    private String title;
    private ModelReference model = ModelReference.defaultModel();

    private Builder() {}

    /**
     * Appends scenes.
     *
     * @param more scenes, in order
     * @return this builder
     */
    public Builder scene(Scene... more) {
      for (Scene s : more) {
        scenes.add(Objects.requireNonNull(s, "scene"));
      }
      return this;
    }

    /**
     * Appends scenes.
     *
     * @param more scenes, in order
     * @return this builder
     */
    public Builder scenes(List<Scene> more) {
      return scene(more.toArray(new Scene[0]));
    }

    /**
     * Sets the title.
     *
     * @param title the title, or {@code null} for none
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the model.
     *
     * @param model the model reference
     * @return this builder
     */
    public Builder model(ModelReference model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets a built-in model by name.
     *
     * @param name for example {@code "toon"}
     * @return this builder
     */
    public Builder model(String name) {
      return model(ModelReference.ofName(name));
    }

    /**
     * Sets a model stored in a directory.
     *
     * @param directory the directory holding {@code config.json}
     * @return this builder
     */
    public Builder model(Path directory) {
      return model(ModelReference.ofDirectory(directory));
    }

    /**
     * Replaces all render options.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(RenderOptions options) {
      this.options = options.toBuilder();
      return this;
    }

    /**
     * Sets the seed of the render options.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      options.seed(seed);
      return this;
    }

    /**
     * Sets the number of denoising steps of the render options.
     *
     * @param steps at least 1
     * @return this builder
     */
    public Builder steps(int steps) {
      options.steps(steps);
      return this;
    }

    /**
     * Checks the values and builds the story.
     *
     * @return the story
     * @throws InvalidInputException if there is no scene, the title is blank or an option is bad
     */
    public VideoStory build() {
      if (scenes.isEmpty()) {
        throw new InvalidInputException("scenes must not be empty, got 0 scenes");
      }
      if (title != null && title.isBlank()) {
        throw new InvalidInputException("title must not be blank, got \"" + title + "\"");
      }
      return new VideoStory(List.copyOf(scenes), options.build(), title, model);
    }
  }
}
