package io.github.tttvideo.core.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The parsed and path-checked {@code model.safetensors.index.json} of a sharded checkpoint.
 *
 * @param metadata the index's {@code metadata} entries, values as text
 * @param weightMap tensor name to shard file, in index order
 * @param shards the distinct shard files, in order of first mention, each inside the directory
 */
record ShardIndex(Map<String, String> metadata, Map<String, Path> weightMap, List<Path> shards) {

  /** Shard indexes are small; this bounds what a hostile one can make us allocate. */
  static final long MAX_INDEX_BYTES = 100_000_000L;

  /**
   * Reads an index and resolves its shard names against its directory.
   *
   * @param index the index file
   * @return the index
   * @throws IOException if the index or a shard cannot be read
   * @throws InvalidWeightsException if the index is malformed, or names a shard that is missing or
   *     outside the directory
   */
  static ShardIndex read(Path index) throws IOException {
    long size = Files.size(index);
    if (size > MAX_INDEX_BYTES) {
      throw new InvalidWeightsException(
          index, "index is " + size + " bytes, over the limit of " + MAX_INDEX_BYTES);
    }
    JsonNode root =
        new StrictJson(MAX_INDEX_BYTES).parseObject(Files.readAllBytes(index), index, "index");
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = root.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw new InvalidWeightsException(index, "\"metadata\" must be an object");
      }
      meta.fields()
          .forEachRemaining(
              e ->
                  metadata.put(
                      e.getKey(),
                      e.getValue().isTextual()
                          ? e.getValue().textValue()
                          : e.getValue().toString()));
    }
    JsonNode map = root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw new InvalidWeightsException(
          index, "\"weight_map\" must be an object of tensor name to shard file");
    }
    Path dir = index.toAbsolutePath().getParent();
    Path realDir = dir.toRealPath();
    Map<String, Path> weightMap = new LinkedHashMap<>();
    Map<String, Path> resolved = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidWeightsException(
            index, "weight_map." + e.getKey() + " must be a file name, found " + e.getValue());
      }
      String shard = e.getValue().textValue();
      Path file = resolved.get(shard);
      if (file == null) {
        file = resolveShard(index, dir, realDir, shard);
        resolved.put(shard, file);
      }
      weightMap.put(e.getKey(), file);
    }
    return new ShardIndex(
        Collections.unmodifiableMap(metadata),
        Collections.unmodifiableMap(weightMap),
        List.copyOf(new LinkedHashSet<>(resolved.values())));
  }

  /**
   * Resolves a shard name, refusing anything that would leave the directory, symbolic links
   * included.
   */
  private static Path resolveShard(Path index, Path dir, Path realDir, String shard)
      throws IOException {
    if (shard.isEmpty()) {
      throw new InvalidWeightsException(index, "empty shard file name in weight_map");
    }
    Path relative;
    try {
      relative = dir.getFileSystem().getPath(shard);
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidWeightsException(
          index, "shard \"" + shard + "\" is not a valid file name", e);
    }
    Path file = dir.resolve(relative).normalize();
    if (relative.isAbsolute() || !file.startsWith(dir.normalize())) {
      throw new InvalidWeightsException(
          index, "shard \"" + shard + "\" is outside the model directory " + dir);
    }
    if (!Files.exists(file)) {
      throw new InvalidWeightsException(
          index, "shard \"" + shard + "\" does not exist (" + file + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidWeightsException(index, "shard \"" + shard + "\" is not a regular file");
    }
    if (!file.toRealPath().startsWith(realDir)) {
      throw new InvalidWeightsException(
          index,
          "shard \"" + shard + "\" resolves (through a link) outside the model directory " + dir);
    }
    return file;
  }
}
