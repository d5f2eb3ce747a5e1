package io.github.tttvideo.core.render;

import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.api.Models;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.spi.Discovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a {@link ModelReference} to the directory a backend loads: a directory reference as
 * it is, a name through the {@link EmbeddedModelSource}s on the class path.
 *
 * @since 0.1.0
 */
public final class ModelDirectories {

  private ModelDirectories() {}

  /**
   * The model directory of a reference.
   *
   * @param model the reference
   * @return a directory holding {@code config.json}
   * @throws ModelLoadException if the directory has no config, or no source holds the named model
   */
  public static Path resolve(ModelReference model) {
    Optional<Path> dir = model.directory();
    if (dir.isPresent()) {
      Path d = dir.get();
      if (!Files.isRegularFile(d.resolve(ModelConfigReader.FILE_NAME))) {
        throw new ModelLoadException("model directory " + d + " has no "
            + ModelConfigReader.FILE_NAME);
      }
      return d;
    }
    String name = model.name().orElseThrow();
    for (EmbeddedModelSource source :
        Discovery.load(EmbeddedModelSource.class, ModelDirectories.class.getClassLoader())
            .providers()) {
      Optional<Path> found = source.find(name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    if (Models.isToonBaseline(name)) {
      throw new ModelLoadException("the built-in model \"" + name + "\" ships in "
          + Models.BASELINES_ARTIFACT + ", which is not on the class path"
          + " (or is a build without its trained weights): add that artifact, or render with a"
          + " model directory (--model DIR)");
    }
    throw new ModelLoadException("the built-in model \"" + name + "\" is not available yet: no"
        + " weights for it are on the class path; render with a model directory instead"
        + " (ModelReference.ofDirectory(dir), or --model DIR on the command line)");
  }
}
