package io.github.tttvideo.core.weights;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A checkpoint that is one safetensors file. */
final class SingleFileStore implements WeightStore {

  private final Path location;
  private final SafetensorsFile file;

  SingleFileStore(Path location, SafetensorsFile file) {
    this.location = location;
    this.file = file;
  }

  @Override
  public Path location() {
    return location;
  }

  @Override
  public List<Path> files() {
    return List.of(file.path());
  }

  @Override
  public Map<String, String> metadata() {
    return file.metadata();
  }

  @Override
  public List<TensorInfo> tensors() {
    return file.tensors();
  }

  @Override
  public Optional<TensorInfo> find(String name) {
    return file.find(name);
  }

  @Override
  public Path fileOf(String name) {
    if (file.find(name).isEmpty()) {
      throw new WeightMismatchException(name, "tensor " + name + ": missing from " + file.path());
    }
    return file.path();
  }

  @Override
  public Tensor tensor(String name) {
    return file.tensor(name);
  }

  @Override
  public void close() {
    file.close();
  }
}
