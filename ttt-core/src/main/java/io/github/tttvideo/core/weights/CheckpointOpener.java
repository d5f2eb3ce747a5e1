package io.github.tttvideo.core.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Decides how a path is read: one file, a directory's index, or a directory's single file. */
final class CheckpointOpener {

  private CheckpointOpener() {}

  static WeightStore open(Path path, SafetensorsOptions options) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    if (!Files.isDirectory(path)) {
      return new SingleFileStore(path, SafetensorsFile.open(path, options));
    }
    Path index = path.resolve(WeightStore.INDEX_FILE);
    if (Files.exists(index)) {
      return ShardedStore.open(path, index, options);
    }
    Path single = path.resolve(WeightStore.SINGLE_FILE);
    if (Files.exists(single)) {
      return new SingleFileStore(path, SafetensorsFile.open(single, options));
    }
    List<Path> candidates;
    try (Stream<Path> files = Files.list(path)) {
      candidates =
          files
              .filter(p -> p.getFileName().toString().endsWith(".safetensors"))
              .sorted()
              .collect(Collectors.toList());
    }
    if (candidates.size() == 1) {
      return new SingleFileStore(path, SafetensorsFile.open(candidates.get(0), options));
    }
    throw new InvalidWeightsException(
        path,
        "no "
            + WeightStore.INDEX_FILE
            + " or "
            + WeightStore.SINGLE_FILE
            + " in this directory"
            + (candidates.isEmpty()
                ? " and no .safetensors file"
                : ", and "
                    + candidates.size()
                    + " .safetensors files to choose from: "
                    + candidates.stream()
                        .map(p -> p.getFileName().toString())
                        .collect(Collectors.joining(", "))));
  }
}
