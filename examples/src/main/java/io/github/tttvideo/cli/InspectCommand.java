package io.github.tttvideo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.weights.SafetensorsOptions;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ttt-video inspect PATH}: lists the tensors of a safetensors file or model directory (name,
 * dtype, shape), its metadata, the parameter and byte totals and, for a directory, its {@code
 * config.json} and shards. Nothing is read beyond the headers.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = TttVideoCli.Version.class,
    description =
        "Lists the tensors of a .safetensors file or a model directory (one file, or shards with"
            + " model.safetensors.index.json): name, dtype and shape of each, the metadata, the"
            + " parameter and byte totals, and the directory's config.json.")
final class InspectCommand implements Callable<Integer> {

  static final String CONFIG_FILE = "config.json";

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "A .safetensors file or a model directory.")
  Path path;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(
      names = "--max-header-bytes",
      paramLabel = "N",
      defaultValue = "" + SafetensorsOptions.DEFAULT_MAX_HEADER_BYTES,
      description = "Refuse safetensors headers longer than this (default: ${DEFAULT-VALUE}).")
  long maxHeaderBytes;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    JsonNode config = Files.isDirectory(path) ? readConfig(path.resolve(CONFIG_FILE)) : null;
    SafetensorsOptions options = SafetensorsOptions.defaults().withMaxHeaderBytes(maxHeaderBytes);
    try (WeightStore store = WeightStore.open(path, options)) {
      CheckpointSummary summary = CheckpointSummary.of(store, config);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(summary.toJson());
      } else {
        summary.printTable(out);
      }
      out.flush();
    }
    return TttVideoCli.EXIT_OK;
  }

  /** Reads config.json as generic JSON, or returns null if the directory has none. */
  private static JsonNode readConfig(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new InvalidInputException(file + ": expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
