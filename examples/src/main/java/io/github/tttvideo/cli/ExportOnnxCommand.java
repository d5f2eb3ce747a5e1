package io.github.tttvideo.cli;

import io.github.tttvideo.backend.onnx.export.OnnxExportCache;
import io.github.tttvideo.backend.onnx.export.OnnxExporter;
import io.github.tttvideo.core.render.ModelDirectories;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ttt-video export-onnx}: writes a model's denoiser and VAE decoder as ONNX graphs, into a
 * folder of the caller's choice or into the export cache that {@code render --backend onnx} reads
 * (which otherwise exports on first use), and prints each file with its size.
 */
@Command(
    name = "export-onnx",
    mixinStandardHelpOptions = true,
    versionProvider = TttVideoCli.Version.class,
    description = {
      "Exports a model's denoiser and VAE decoder as ONNX graphs (opset 17).",
      "Without -o the graphs go to the export cache used by --backend onnx"
          + " (~/.cache/ttt-video/onnx or -Dttt.onnx.cache)."
    })
final class ExportOnnxCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = "toon",
      description = "Built-in model name or model directory (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Folder for the .onnx files (default: the export cache).")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path dir = ModelDirectories.resolve(CliModels.model(model));
    long t0 = System.nanoTime();
    List<Path> files;
    if (output != null) {
      files = OnnxExporter.export(dir, output);
    } else {
      Path cached = OnnxExportCache.resolve(dir);
      files = List.of(cached.resolve(OnnxExporter.DENOISER), cached.resolve(OnnxExporter.VAE_FIRST),
          cached.resolve(OnnxExporter.VAE_NEXT));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Path f : files) {
      out.printf(Locale.ROOT, "%s\t%.1f MB%n", f, Files.size(f) / 1e6);
    }
    out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return TttVideoCli.EXIT_OK;
  }
}
