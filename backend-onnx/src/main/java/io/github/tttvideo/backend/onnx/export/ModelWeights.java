package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.core.weights.TensorInfo;
import io.github.tttvideo.core.weights.WeightMismatchException;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The tensors of a model directory, read one by one as float32 while a graph is written; every
 * read checks the tensor's presence and shape and names the first mismatch, and {@link
 * #checkAllUsed} names a tensor no graph used.
 */
final class ModelWeights implements WeightSource, AutoCloseable {

  private final WeightStore store;
  private final Set<String> used = new HashSet<>();

  private ModelWeights(WeightStore store) {
    this.store = store;
  }

  static ModelWeights open(Path directory) {
    try {
      return new ModelWeights(WeightStore.open(directory));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the weights of " + directory + ": " + e, e);
    }
  }

  /**
   * A tensor of an expected shape.
   *
   * @param name checkpoint name
   * @param shape expected shape
   * @return row-major float32 values
   * @throws WeightMismatchException if missing or misshapen
   */
  @Override
  public float[] get(String name, long... shape) {
    Optional<TensorInfo> found = store.find(name);
    if (found.isEmpty()) {
      throw new WeightMismatchException(name, "tensor " + name + ": missing from "
          + store.location());
    }
    if (!Arrays.equals(found.get().shape(), shape)) {
      throw new WeightMismatchException(name, "tensor " + name + ": expected "
          + TensorInfo.shapeString(shape) + ", found " + found.get().shapeString());
    }
    used.add(name);
    return store.tensor(name).toFloatArray();
  }

  /**
   * Bytes the tensors whose names pass a filter take as float32 (what a graph of them holds).
   *
   * @param filter tensor name filter
   * @return the size
   */
  long floatBytes(java.util.function.Predicate<String> filter) {
    long n = 0;
    for (TensorInfo t : store.tensors()) {
      if (filter.test(t.name())) {
        n += t.elementCount() * 4;
      }
    }
    return n;
  }

  /**
   * Fails on a tensor that none of the exported graphs used, except those with an ignored prefix
   * (the text encoder, which stays in Java, and the VAE encoder, which inference does not need).
   *
   * @param ignoredPrefixes prefixes of tensors that are allowed to stay unused
   */
  void checkAllUsed(String... ignoredPrefixes) {
    outer:
    for (TensorInfo t : store.tensors()) {
      if (used.contains(t.name())) {
        continue;
      }
      for (String p : ignoredPrefixes) {
        if (t.name().startsWith(p)) {
          continue outer;
        }
      }
      throw new WeightMismatchException(t.name(), "tensor " + t.name()
          + ": unexpected, the model has no such tensor (in " + store.fileOf(t.name()) + ")");
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (Exception e) {
      throw new ModelLoadException("cannot close the weights of " + store.location(), e);
    }
  }
}
