package io.github.tttvideo.core.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tensors of a checkpoint, whether it is one safetensors file or a directory of shards with a
 * {@code model.safetensors.index.json}.
 *
 * <pre>{@code
 * try (WeightStore store = WeightStore.open(Path.of("models/toon"))) {
 *   TensorSpecs.builder().add("blocks.0.attn.wq.weight", 128, 128).build().check(store);
 *   float[] wq = store.tensor("blocks.0.attn.wq.weight").toFloatArray();
 * }
 * }</pre>
 *
 * <p>All files are opened and validated by {@link #open}: a store that opens is consistent.
 *
 * @since 0.1.0
 */
public interface WeightStore extends AutoCloseable {

  /** The name of the index of a sharded checkpoint. */
  String INDEX_FILE = "model.safetensors.index.json";

  /** The name of a single-file checkpoint inside a model directory. */
  String SINGLE_FILE = "model.safetensors";

  /**
   * Opens a checkpoint with the default limits; see {@link #open(Path, SafetensorsOptions)}.
   *
   * @param path a {@code .safetensors} file or a model directory
   * @return the open store
   * @throws IOException if a file cannot be read ({@link java.nio.file.NoSuchFileException} if the
   *     path does not exist)
   * @throws InvalidWeightsException if a file or the index is malformed or inconsistent
   */
  static WeightStore open(Path path) throws IOException {
    return open(path, SafetensorsOptions.defaults());
  }

  /**
   * Opens a checkpoint. A file is read as one safetensors file. In a directory, {@value
   * #INDEX_FILE} is used if present, otherwise {@value #SINGLE_FILE}, otherwise the directory's
   * only {@code .safetensors} file.
   *
   * @param path a {@code .safetensors} file or a model directory
   * @param options limits applied to every file
   * @return the open store
   * @throws IOException if a file cannot be read
   * @throws InvalidWeightsException if a file or the index is malformed or inconsistent
   */
  static WeightStore open(Path path, SafetensorsOptions options) throws IOException {
    return CheckpointOpener.open(path, options);
  }

  /**
   * What was opened.
   *
   * @return the file or directory given to {@link #open}
   */
  Path location();

  /**
   * The files the tensors come from.
   *
   * @return one file, or the shards in index order
   */
  List<Path> files();

  /**
   * The checkpoint's metadata: the file's {@code __metadata__}, or the index's {@code metadata}
   * (values as text).
   *
   * @return an unmodifiable map
   */
  Map<String, String> metadata();

  /**
   * All tensors.
   *
   * @return their descriptions, in file order (shards in index order)
   */
  List<TensorInfo> tensors();

  /**
   * Looks a tensor up.
   *
   * @param name the tensor's name
   * @return its description, or empty
   */
  Optional<TensorInfo> find(String name);

  /**
   * The file that holds a tensor.
   *
   * @param name the tensor's name
   * @return the file
   * @throws WeightMismatchException if there is no such tensor
   */
  Path fileOf(String name);

  /**
   * A handle to read one tensor.
   *
   * @param name the tensor's name
   * @return the tensor
   * @throws WeightMismatchException if there is no such tensor
   */
  Tensor tensor(String name);

  /** Closes every file. */
  @Override
  void close();
}
