package io.github.tttvideo.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The models a story can be rendered with: the embedded {@code toon} model that ships with the
 * SDK (artifact {@code io.github.tttvideo:ttt-models}), or a model directory of your own.
 *
 * <pre>{@code
 * VideoStory story = VideoStory.builder()
 *     .model(Models.toon())                           // or Models.fromDirectory(Path.of("my-ttt"))
 *     .scene(Scene.of("In the kitchen. Tom the orange cat and Jerry the brown mouse are here."
 *         + " Tom chases Jerry to the left."))
 *     .build();
 * }</pre>
 *
 * <p>These are descriptors only: nothing is loaded or unpacked until a render resolves them. The
 * embedded model is unpacked once into a cache folder ({@code ~/.cache/ttt-video/models}, or the
 * folder named by the system property {@code ttt.model.cache}) by the module that ships it.
 *
 * @since 0.1.0
 */
public final class Models {

  /**
   * Names of the toon model's sequence-mixer baselines (issue #7): the same network and base
   * weights with another global mixer in every layer, each trained through the same context
   * extension stages. They ship in {@value #BASELINES_ARTIFACT}; {@code toon-ttt-mlp} is the
   * default mixer after that same extra training (the fair comparison), {@code toon} the
   * embedded model itself.
   *
   * @since 0.1.0
   */
  public static final List<String> TOON_BASELINES =
      List.of("toon-local", "toon-sliding", "toon-ttt-linear", "toon-ttt-mlp", "toon-full");

  /**
   * The artifact that ships the {@link #TOON_BASELINES} weights.
   *
   * @since 0.1.0
   */
  public static final String BASELINES_ARTIFACT = "io.github.tttvideo:ttt-models-baselines";

  private Models() {}

  /**
   * A baseline of the toon model with another sequence mixer (issue #7): {@code local}, {@code
   * sliding}, {@code ttt-linear}, {@code ttt-mlp} or {@code full}. Rendering with it needs
   * {@value #BASELINES_ARTIFACT} on the class path.
   *
   * <pre>{@code
   * VideoStory.builder().model(Models.toon("sliding")) ...   // = Models.named("toon-sliding")
   * }</pre>
   *
   * @param mixer the mixer's name
   * @return the reference {@code toon-MIXER}
   * @throws InvalidInputException for an unknown mixer, listing the known ones
   * @since 0.1.0
   */
  public static ModelReference toon(String mixer) {
    String key = mixer == null ? "" : mixer.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    String name = "toon-" + key;
    if (!TOON_BASELINES.contains(name)) {
      throw new InvalidInputException("unknown toon baseline mixer "
          + (mixer == null ? "null" : "\"" + mixer + "\"") + "; known: local, sliding,"
          + " ttt-linear, ttt-mlp, full");
    }
    return ModelReference.ofName(name);
  }

  /**
   * Whether a name is one of the {@link #TOON_BASELINES}.
   *
   * @param name a model name, case ignored
   * @return true for {@code toon-local}, {@code toon-sliding}, ...
   * @since 0.1.0
   */
  public static boolean isToonBaseline(String name) {
    return name != null && TOON_BASELINES.contains(name.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * The embedded toon-world model (64 x 64 frames, 16 fps, up to 20 segments), the default of
   * every story. Rendering with it needs {@code io.github.tttvideo:ttt-models} on the class path.
   *
   * @return the reference {@code toon}
   */
  public static ModelReference toon() {
    return ModelReference.defaultModel();
  }

  /**
   * A model stored in a directory ({@code config.json}, {@code model.safetensors} and, for a
   * model with its own text encoder, {@code vocab.json}).
   *
   * @param directory the directory
   * @return the reference
   */
  public static ModelReference fromDirectory(Path directory) {
    return ModelReference.ofDirectory(directory);
  }

  /**
   * A built-in model by name.
   *
   * @param name the name, for example {@code toon} or {@code toon-sliding}
   * @return the reference
   * @throws InvalidInputException if the name is blank
   */
  public static ModelReference named(String name) {
    return ModelReference.ofName(name);
  }
}
