package io.github.tttvideo.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the model a story is rendered with: a built-in model by name ({@code "toon"}, the embedded
 * default) or a model directory holding a {@code config.json} and weights.
 *
 * <p>This is only a descriptor; nothing is loaded when it is created.
 *
 * <pre>{@code
 * ModelReference toon = ModelReference.ofName("toon");
 * ModelReference mine = ModelReference.ofDirectory(Path.of("models/my-ttt"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ModelReference {

  /** Name of the embedded default model. */
  public static final String DEFAULT_NAME = "toon";

  private final String name;
  private final Path directory;

  private ModelReference(String name, Path directory) {
    this.name = name;
    this.directory = directory;
  }

  /**
   * A built-in model by name.
   *
   * @param name the model name, for example {@code "toon"} or {@code "5B"}
   * @return the reference
   * @throws InvalidInputException if the name is blank
   */
  public static ModelReference ofName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException(
          "model name must not be blank, got " + (name == null ? "null" : "\"" + name + "\""));
    }
    return new ModelReference(name.strip(), null);
  }

  /**
   * A model stored in a directory.
   *
   * @param directory the directory holding {@code config.json}
   * @return the reference
   */
  public static ModelReference ofDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return new ModelReference(null, directory);
  }

  /**
   * The embedded default model.
   *
   * @return a reference to {@value #DEFAULT_NAME}
   */
  public static ModelReference defaultModel() {
    return ofName(DEFAULT_NAME);
  }

  /**
   * The name of a built-in model.
   *
   * @return the name, or empty for a directory reference
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * The directory of a stored model.
   *
   * @return the directory, or empty for a built-in model
   */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelReference r
        && Objects.equals(name, r.name)
        && Objects.equals(directory, r.directory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, directory);
  }

  @Override
  public String toString() {
    return name != null ? name : directory.toString();
  }
}
