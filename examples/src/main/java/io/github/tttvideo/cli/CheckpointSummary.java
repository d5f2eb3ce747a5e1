package io.github.tttvideo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tttvideo.core.weights.TensorInfo;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code inspect} shows about a checkpoint, and its two renderings: a table for people and
 * JSON for programs.
 *
 * @param location the file or directory inspected
 * @param files the safetensors files, one or the shards
 * @param metadata the checkpoint's metadata
 * @param config the directory's config.json, or null
 * @param tensors every tensor with the file it is in
 */
record CheckpointSummary(
    Path location,
    List<Path> files,
    Map<String, String> metadata,
    JsonNode config,
    List<Row> tensors) {

  /**
   * One tensor and the file it is in.
   *
   * @param info the tensor
   * @param file its file's name
   */
  record Row(TensorInfo info, String file) {}

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static CheckpointSummary of(WeightStore store, JsonNode config) {
    List<Row> rows = new ArrayList<>();
    for (TensorInfo t : store.tensors()) {
      rows.add(new Row(t, store.fileOf(t.name()).getFileName().toString()));
    }
    return new CheckpointSummary(store.location(), store.files(), store.metadata(), config, rows);
  }

  long parameters() {
    return tensors.stream().mapToLong(r -> r.info().elementCount()).sum();
  }

  long bytes() {
    return tensors.stream().mapToLong(r -> r.info().byteSize()).sum();
  }

  void printTable(PrintWriter out) {
    out.println("checkpoint: " + location);
    if (files.size() > 1 || !files.get(0).equals(location)) {
      out.println("files (" + files.size() + "):");
      files.forEach(f -> out.println("  " + f.getFileName()));
    }
    if (config != null) {
      out.println("config.json:");
      pretty(config).lines().forEach(line -> out.println("  " + line));
    }
    out.println("metadata:" + (metadata.isEmpty() ? " (none)" : ""));
    metadata.forEach((k, v) -> out.println("  " + k + ": " + v));
    boolean sharded = files.size() > 1;
    int nameWidth =
        Math.max(4, tensors.stream().mapToInt(r -> r.info().name().length()).max().orElse(0));
    int shapeWidth =
        Math.max(
            5, tensors.stream().mapToInt(r -> r.info().shapeString().length()).max().orElse(0));
    String format =
        "%-"
            + nameWidth
            + "s  %-5s  %-"
            + shapeWidth
            + "s  %,14d"
            + (sharded ? "  %s" : "%s")
            + "%n";
    out.printf(
        Locale.ROOT,
        "%-"
            + nameWidth
            + "s  %-5s  %-"
            + shapeWidth
            + "s  %14s"
            + (sharded ? "  FILE" : "")
            + "%n",
        "NAME",
        "DTYPE",
        "SHAPE",
        "PARAMETERS");
    for (Row r : tensors) {
      TensorInfo t = r.info();
      out.printf(
          Locale.ROOT,
          format,
          t.name(),
          t.dtype(),
          t.shapeString(),
          t.elementCount(),
          sharded ? r.file() : "");
    }
    out.printf(
        Locale.ROOT,
        "total: %,d tensor%s, %,d parameters, %,d bytes%n",
        tensors.size(),
        tensors.size() == 1 ? "" : "s",
        parameters(),
        bytes());
  }

  String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("path", location.toString());
    ArrayNode fileList = root.putArray("files");
    files.forEach(f -> fileList.add(f.toString()));
    ObjectNode meta = root.putObject("metadata");
    metadata.forEach(meta::put);
    if (config != null) {
      root.set("config", config);
    }
    ArrayNode list = root.putArray("tensors");
    for (Row r : tensors) {
      TensorInfo t = r.info();
      ObjectNode n = list.addObject();
      n.put("name", t.name());
      n.put("dtype", t.dtype().name());
      ArrayNode shape = n.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      n.put("parameters", t.elementCount());
      n.put("bytes", t.byteSize());
      n.put("file", r.file());
    }
    root.put("tensorCount", tensors.size());
    root.put("parameters", parameters());
    root.put("bytes", bytes());
    return pretty(root);
  }

  private static String pretty(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
