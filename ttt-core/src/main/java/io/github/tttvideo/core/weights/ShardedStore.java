package io.github.tttvideo.core.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A checkpoint split over several safetensors files, described by an index. */
final class ShardedStore implements WeightStore {

  private static final Logger LOG = LoggerFactory.getLogger(ShardedStore.class);

  private final Path location;
  private final ShardIndex index;
  private final Map<Path, SafetensorsFile> shards;
  private final Map<String, TensorInfo> tensors;

  private ShardedStore(
      Path location,
      ShardIndex index,
      Map<Path, SafetensorsFile> shards,
      Map<String, TensorInfo> tensors) {
    this.location = location;
    this.index = index;
    this.shards = shards;
    this.tensors = tensors;
  }

  /**
   * Opens every shard of an index and checks that each mapped tensor is in its shard.
   *
   * @param location the model directory
   * @param indexFile the index
   * @param options limits for every shard
   * @return the store
   * @throws IOException if a file cannot be read
   * @throws InvalidWeightsException if the index or a shard is malformed or inconsistent
   */
  static ShardedStore open(Path location, Path indexFile, SafetensorsOptions options)
      throws IOException {
    ShardIndex index = ShardIndex.read(indexFile);
    Map<Path, SafetensorsFile> shards = new LinkedHashMap<>();
    try {
      for (Path shard : index.shards()) {
        shards.put(shard, SafetensorsFile.open(shard, options));
      }
      Map<String, TensorInfo> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, Path> e : index.weightMap().entrySet()) {
        SafetensorsFile shard = shards.get(e.getValue());
        TensorInfo info =
            shard
                .find(e.getKey())
                .orElseThrow(
                    () ->
                        new InvalidWeightsException(
                            indexFile,
                            "tensor "
                                + e.getKey()
                                + " is mapped to "
                                + e.getValue().getFileName()
                                + ", which does not contain it"));
        tensors.put(e.getKey(), info);
      }
      warnAboutUnmapped(indexFile, shards, tensors);
      return new ShardedStore(
          location,
          index,
          Collections.unmodifiableMap(shards),
          Collections.unmodifiableMap(tensors));
    } catch (IOException | RuntimeException e) {
      shards.values().forEach(SafetensorsFile::close);
      throw e;
    }
  }

  private static void warnAboutUnmapped(
      Path indexFile, Map<Path, SafetensorsFile> shards, Map<String, TensorInfo> mapped) {
    for (SafetensorsFile shard : shards.values()) {
      long unmapped = shard.tensors().stream().filter(t -> !mapped.containsKey(t.name())).count();
      if (unmapped > 0) {
        LOG.warn(
            "{}: {} tensors of {} are not in the weight_map and are ignored",
            indexFile,
            unmapped,
            shard.path().getFileName());
      }
    }
  }

  @Override
  public Path location() {
    return location;
  }

  @Override
  public List<Path> files() {
    return index.shards();
  }

  @Override
  public Map<String, String> metadata() {
    return index.metadata();
  }

  @Override
  public List<TensorInfo> tensors() {
    List<TensorInfo> out = new ArrayList<>(tensors.size());
    for (SafetensorsFile shard : shards.values()) {
      for (TensorInfo t : shard.tensors()) {
        if (shard.path().equals(index.weightMap().get(t.name()))) {
          out.add(t);
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public Optional<TensorInfo> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  @Override
  public Path fileOf(String name) {
    Path file = index.weightMap().get(name);
    if (file == null) {
      throw new WeightMismatchException(name, "tensor " + name + ": missing from " + location);
    }
    return file;
  }

  @Override
  public Tensor tensor(String name) {
    return shards.get(fileOf(name)).tensor(name);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (SafetensorsFile shard : shards.values()) {
      try {
        shard.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
