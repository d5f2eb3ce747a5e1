package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.core.weights.DType;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

  @TempDir Path dir;

  /** The outcome of one run of the program. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TttVideoCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path singleFile() throws IOException {
    return SafetensorsWriter.to(dir.resolve("tiny.safetensors"))
        .metadata("format", "pt")
        .add("blocks.0.attn.wq.weight", new long[] {4, 8}, new float[32])
        .add("norm.bias", DType.BF16, new long[] {8}, new float[8])
        .write();
  }

  private Path shardedModel() throws IOException {
    Path model = Files.createDirectories(dir.resolve("model"));
    SafetensorsWriter.to(model.resolve("a.safetensors"))
        .add("embed", DType.F16, new long[] {3, 2}, new float[6])
        .write();
    SafetensorsWriter.to(model.resolve("b.safetensors"))
        .add("head", new long[] {2}, new float[2])
        .write();
    Files.writeString(
        model.resolve("model.safetensors.index.json"),
        "{\"metadata\":{\"total_size\":20},\"weight_map\":{\"embed\":\"a.safetensors\",\"head\":\"b.safetensors\"}}");
    Files.writeString(model.resolve("config.json"), "{\"hidden_size\":128,\"layers\":[1,2]}");
    return model;
  }

  @Test
  void listsTensorsMetadataAndTotalsOfAFile() throws IOException {
    Path file = singleFile();
    Run r = run("inspect", file.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("checkpoint: " + file), r.out());
    assertTrue(r.out().contains("  format: pt"), r.out());
    assertTrue(
        r.out().matches("(?s).*blocks\\.0\\.attn\\.wq\\.weight\\s+F32\\s+\\[4, 8]\\s+32\n.*"),
        r.out());
    assertTrue(r.out().matches("(?s).*norm\\.bias\\s+BF16\\s+\\[8]\\s+8\n.*"), r.out());
    assertTrue(r.out().contains("total: 2 tensors, 40 parameters, 144 bytes"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void jsonOutputIsMachineReadable() throws IOException {
    Run r = run("inspect", "--json", singleFile().toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(40, json.get("parameters").asLong());
    assertEquals(144, json.get("bytes").asLong());
    assertEquals("pt", json.get("metadata").get("format").asText());
    JsonNode first = json.get("tensors").get(0);
    assertEquals("blocks.0.attn.wq.weight", first.get("name").asText());
    assertEquals("F32", first.get("dtype").asText());
    assertEquals("[4,8]", first.get("shape").toString());
    assertEquals("BF16", json.get("tensors").get(1).get("dtype").asText());
  }

  @Test
  void shardedDirectoryShowsConfigShardsAndFiles() throws IOException {
    Path model = shardedModel();
    Run r = run("inspect", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("files (2):\n  a.safetensors\n  b.safetensors\n"), r.out());
    assertTrue(r.out().contains("config.json:\n  {\n    \"hidden_size\" : 128,"), r.out());
    assertTrue(r.out().contains("  total_size: 20"), r.out());
    assertTrue(
        r.out().matches("(?s).*embed\\s+F16\\s+\\[3, 2]\\s+6  a\\.safetensors\n.*"), r.out());
    assertTrue(r.out().contains("total: 2 tensors, 8 parameters, 20 bytes"), r.out());

    JsonNode json = new ObjectMapper().readTree(run("inspect", "--json", model.toString()).out());
    assertEquals(128, json.get("config").get("hidden_size").asInt());
    assertEquals("b.safetensors", json.get("tensors").get(1).get("file").asText());
  }

  @Test
  void missingPathExitsTwo() {
    Path absent = dir.resolve("absent.safetensors");
    Run r = run("inspect", absent.toString());
    assertEquals(2, r.code());
    assertEquals("error: no such file: " + absent, r.err().strip());
  }

  @Test
  void hostileFileExitsTwoNamingTheProblem() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    byte[] json =
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}"
            .getBytes(StandardCharsets.UTF_8);
    Files.write(
        file,
        ByteBuffer.allocate(8 + json.length + 16)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(json.length)
            .put(json)
            .array());
    Run r = run("inspect", file.toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .startsWith(
                "error: " + file + ": tensor w: data_offsets cover 16 bytes, but F32 [3] needs"),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertEquals("", r.out());
  }

  @Test
  void truncatedFileAndHugeHeaderClaimExitTwo() throws IOException {
    Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
    Run r = run("inspect", tiny.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("file is 3 bytes, too short"), r.err());

    Path big =
        Files.write(
            dir.resolve("big.safetensors"),
            ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
    r = run("inspect", big.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("exceeds the file size"), r.err());
  }

  @Test
  void headerLimitOptionIsApplied() throws IOException {
    Run r = run("inspect", "--max-header-bytes", "16", singleFile().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("exceeds the limit of 16 bytes"), r.err());
  }

  @Test
  void badShardIndexAndBadConfigExitTwo() throws IOException {
    Path model = shardedModel();
    Files.writeString(
        model.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"embed\":\"../x.safetensors\"}}");
    Run r = run("inspect", model.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("is outside the model directory"), r.err());

    Path other = shardedModel().resolveSibling("model2");
    Files.createDirectories(other);
    SafetensorsWriter.to(other.resolve("model.safetensors"))
        .add("x", new long[] {1}, new float[1])
        .write();
    Files.writeString(other.resolve("config.json"), "{not json");
    r = run("inspect", other.toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err().startsWith("error: " + other.resolve("config.json") + ": not valid JSON"), r.err());
  }

  @Test
  void emptyDirectoryExitsTwo() {
    Run r = run("inspect", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no model.safetensors.index.json or model.safetensors"), r.err());
  }

  @Test
  void missingArgumentIsAUsageError() {
    Run r = run("inspect");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: Missing required parameter"), r.err());
  }
}
