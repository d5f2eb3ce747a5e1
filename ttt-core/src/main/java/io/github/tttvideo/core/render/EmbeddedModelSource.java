package io.github.tttvideo.core.render;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Supplies the directory of a built-in model by name, found with {@link java.util.ServiceLoader}
 * (a file {@code META-INF/services/io.github.tttvideo.core.render.EmbeddedModelSource}). The module
 * that ships the embedded {@code toon} model implements it (unpacking its weights where needed);
 * until one is on the class path, a built-in name resolves to nothing and rendering asks for a
 * model directory.
 *
 * @since 0.1.0
 */
public interface EmbeddedModelSource {

  /**
   * The directory of a built-in model ({@code config.json} and safetensors weights).
   *
   * @param name the model name, for example {@code toon}
   * @return the directory, or empty if this source does not hold the model
   */
  Optional<Path> find(String name);
}
