package io.github.tttvideo.api;

import java.nio.file.Path;

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
  private Models() {}

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
   * @param name the name, for example {@code toon}
   * @return the reference
   * @throws InvalidInputException if the name is blank
   */
  public static ModelReference named(String name) {
    return ModelReference.ofName(name);
  }
}
