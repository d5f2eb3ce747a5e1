package io.github.tttvideo.cli;

import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.render.Latents;
import io.github.tttvideo.core.render.OutputTargets;
import io.github.tttvideo.core.render.RenderPipeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ttt-video decode LATENTS -o OUT.mp4}: decodes latents saved by {@code render
 * --save-latents} (or by a render whose decoding failed) without sampling again.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = "Decodes saved latents (.latents.safetensors) to MP4, GIF or PNG frames.")
final class DecodeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LATENTS", description = "A .latents.safetensors file.")
  Path latents;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
      description = "Output: .mp4, .gif, or a folder for PNG frames (no extension).")
  Path output;

  @Option(names = "--model", paramLabel = "NAME|DIR",
      description = "Model to decode with (default: the one recorded in the latents).")
  String model;

  @Option(names = "--backend", paramLabel = "NAME", description = "Backend to use.")
  String backend;

  @Option(names = "--format", paramLabel = "mp4|gif|png",
      description = "Output format (default: from the extension of -o).")
  String format;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "CPU threads (default: 0 = chosen by the backend).")
  int threads;

  @Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "Device (default: auto).")
  String device;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OutputFormat fmt = CliModels.format(output, format);
    CliModels.checkBackend(backend);
    OutputTargets.check(output, fmt);
    Latents saved = Latents.load(latents);
    VideoStory s = saved.story();
    RenderOptions options = s.options().toBuilder().format(fmt).backend(backend).device(device)
        .threads(threads).build();
    VideoStory.Builder b = s.toBuilder().options(options);
    if (model != null) {
      b.model(CliModels.model(model));
    }
    Latents toDecode = new Latents(saved.data(), saved.latentFrames(), saved.channels(),
        saved.height(), saved.width(), saved.latentFramesPerSegment(), b.build(), saved.sampler(),
        saved.backend());
    try (CancelOnShutdown cancel = new CancelOnShutdown()) {
      RenderedVideo v = RenderPipeline.defaults().decode(toDecode, output,
          io.github.tttvideo.api.ConsoleProgress.forConsole(spec.commandLine().getErr()), cancel.control());
      spec.commandLine().getOut().println(v.path());
    }
    return TttVideoCli.EXIT_OK;
  }
}
