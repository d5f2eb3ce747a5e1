package io.github.tttvideo.core.ttt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One golden-vector JSON file: config, input tensors and reference outputs. */
final class GoldenCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final JsonNode config;
  private final JsonNode tensors;
  private final JsonNode outputs;

  private GoldenCase(String name, JsonNode root) {
    this.name = root.path("case").asText(name);
    this.config = root.path("config");
    this.tensors = root.path("tensors");
    this.outputs = root.path("outputs");
  }

  static GoldenCase read(Path file) throws IOException {
    String fileName = file.getFileName().toString().replaceFirst("\\.json$", "");
    try (var in = Files.newInputStream(file)) {
      return new GoldenCase(fileName, JSON.readTree(in));
    }
  }

  int intConfig(String key) {
    JsonNode n = config.get(key);
    if (n == null) {
      throw new IllegalStateException(name + ": config has no '" + key + "'");
    }
    return n.asInt();
  }

  double doubleConfig(String key, double fallback) {
    JsonNode n = config.get(key);
    return n == null ? fallback : n.asDouble();
  }

  boolean hasOutput(String key) {
    return outputs.has(key);
  }

  /** An input tensor as float32 (the file holds exact float32 decimals). */
  float[] input(String key) {
    JsonNode t = tensors.get(key);
    if (t == null) {
      throw new IllegalStateException(name + ": no input tensor '" + key + "'");
    }
    JsonNode data = t.get("data");
    float[] a = new float[data.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) data.get(i).asDouble();
    }
    return a;
  }

  /** A reference output in float64. */
  double[] output(String key) {
    JsonNode t = outputs.get(key);
    if (t == null) {
      throw new IllegalStateException(name + ": no output tensor '" + key + "'");
    }
    JsonNode data = t.get("data");
    double[] a = new double[data.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = data.get(i).asDouble();
    }
    return a;
  }
}
