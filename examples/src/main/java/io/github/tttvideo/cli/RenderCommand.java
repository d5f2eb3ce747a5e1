package io.github.tttvideo.cli;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.Segment;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.render.OutputTargets;
import io.github.tttvideo.core.render.RenderPipeline;
import io.github.tttvideo.core.render.SamplerKind;
import io.github.tttvideo.core.story.Storyboard;
import io.github.tttvideo.core.story.StoryboardReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ttt-video render STORY.json -o OUT.mp4}: renders one video (or all) of a storyboard with
 * the backend and codec on the class path, drawing a progress bar on standard error and printing
 * the path of each written video on standard output. Without a story (or with {@code --default})
 * it renders the bundled one-minute toon story ({@link DefaultStory}) to {@code
 * out/default-60s.mp4}.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Renders a video of a storyboard (.json or .jsonl) to MP4, GIF or a folder of PNG frames.",
      "Without STORY (or with --default) renders the bundled one-minute story (20 segments,",
      "5 scenes) to out/default-60s.mp4.",
      "Needs a backend on the class path: djl (io.github.tttvideo:backend-djl, the default) or",
      "onnx (io.github.tttvideo:backend-onnx: ONNX Runtime, graphs exported on first use)."
    })
final class RenderCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "STORY",
      description = "Storyboard file (.json or .jsonl); none: the bundled one-minute story.")
  Path story;

  @Option(names = "--default",
      description = "Render the bundled one-minute story (the default when no STORY is given).")
  boolean defaultStory;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "Output: .mp4, .gif, or a folder for PNG frames (no extension). Required with"
          + " STORY; for the bundled story the default is out/default-60s.mp4.")
  Path output;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Backend to use: djl or onnx (default: the highest-ranked one found, djl, or"
          + " -Dttt.backend).")
  String backend;

  @Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = "toon",
      description = "Built-in model name (toon; the baselines toon-local, toon-sliding,"
          + " toon-ttt-linear, toon-ttt-mlp, toon-full need ttt-models-baselines) or model"
          + " directory (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--steps", paramLabel = "N", description = "Denoising steps (default: 50).")
  Integer steps;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--guidance", paramLabel = "SCALE|SCHEDULE:SCALE",
      description = "Guidance: a number (the scale of the dynamic schedule, default 6), or"
          + " dynamic:S, constant:S, official:S.")
  String guidance;

  @Option(names = "--sampler", paramLabel = "dpm|ddim", defaultValue = "dpm",
      description = "Sampler: dpm (DPM-Solver++(2M) SDE, default) or ddim.")
  String sampler;

  @Option(names = "--format", paramLabel = "mp4|gif|png",
      description = "Output format (default: from the extension of -o; none means png).")
  String format;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "CPU threads (default: 0 = chosen by the backend).")
  int threads;

  @Option(names = "--device", paramLabel = "cpu|gpu|auto",
      description = "Device (default: auto).")
  String device;

  @Option(names = "--video", paramLabel = "N|all", defaultValue = "0",
      description = "Which video of the storyboard (0-based; default ${DEFAULT-VALUE}), or all"
          + " (OUT gets the index before its extension: out-0.mp4, out-1.mp4, ...).")
  String video;

  @Option(names = "--segments", paramLabel = "N",
      description = "Render only the first N segments of each video (a quick preview).")
  Integer segments;

  @Option(names = "--save-latents",
      description = "Also keep the sampled latents beside the output (OUT.latents.safetensors).")
  boolean saveLatents;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (story != null && defaultStory) {
      throw new InvalidInputException("give either a STORY or --default, not both");
    }
    boolean bundled = story == null;
    if (output == null) {
      if (!bundled) {
        throw new InvalidInputException("missing -o OUT: where to write the video of " + story);
      }
      output = DefaultStory.OUTPUT;
    }
    OutputFormat fmt = CliModels.format(output, format);
    RenderOptions.Builder ob = RenderOptions.builder().seed(seed).format(fmt).threads(threads)
        .backend(backend).device(device);
    if (steps != null) {
      ob.steps(steps);
    }
    if (guidance != null) {
      CliModels.Guidance g = CliModels.guidance(guidance);
      ob.guidance(g.schedule(), g.scale());
    }
    RenderOptions options = ob.build();
    SamplerKind kind = SamplerKind.fromName(sampler);
    var modelRef = CliModels.model(model);
    Storyboard board = bundled ? DefaultStory.storyboard() : StoryboardReader.defaults().read(story);
    List<Integer> indexes = indexes(board.videos().size());
    CliModels.checkBackend(backend);
    if (bundled && output.equals(DefaultStory.OUTPUT)) {
      Files.createDirectories(output.toAbsolutePath().getParent());
    }

    List<VideoStory> stories = new ArrayList<>();
    List<Path> outs = new ArrayList<>();
    for (int i : indexes) {
      VideoStory v = board.videos().get(i);
      if (segments != null) {
        v = firstSegments(v, segments);
      }
      stories.add(v.toBuilder().model(modelRef).options(options).build());
      Path out = indexes.size() > 1 || "all".equalsIgnoreCase(video.strip())
          ? withIndex(output, i) : output;
      OutputTargets.check(out, fmt);
      outs.add(out);
    }
    RenderPipeline pipeline = RenderPipeline.builder().sampler(kind).keepLatents(saveLatents)
        .build();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (int k = 0; k < stories.size(); k++) {
      try (CancelOnShutdown cancel = new CancelOnShutdown()) {
        RenderedVideo v = pipeline.render(stories.get(k), outs.get(k),
            io.github.tttvideo.api.ConsoleProgress.forConsole(err), cancel.control());
        out.println(v.path());
        out.flush();
      }
    }
    return TttVideoCli.EXIT_OK;
  }

  private List<Integer> indexes(int videos) {
    String v = video.strip();
    List<Integer> out = new ArrayList<>();
    if (v.equalsIgnoreCase("all")) {
      for (int i = 0; i < videos; i++) {
        out.add(i);
      }
      return out;
    }
    int i;
    try {
      i = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--video must be a number or all, got \"" + video + "\"");
    }
    if (i < 0 || i >= videos) {
      throw new InvalidInputException("--video " + i + " is out of range: "
          + (story == null ? "the default story" : story) + " holds "
          + videos + " video(s) (0.." + (videos - 1) + ")");
    }
    out.add(i);
    return out;
  }

  /**
   * The first segments of a story, its scenes cut where the count ends.
   *
   * @param story the story
   * @param n how many segments, at least 1
   * @return the shorter story (the same story when it is not longer)
   */
  static VideoStory firstSegments(VideoStory story, int n) {
    if (n < 1) {
      throw new InvalidInputException("--segments must be >= 1, got " + n);
    }
    if (story.segmentCount() <= n) {
      return story;
    }
    // The story's own segments carry the scene indices and transition flags.
    List<Segment> kept = story.segments().subList(0, n);
    List<Scene> scenes = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= n; i++) {
      if (i == n || kept.get(i).sceneIndex() != kept.get(from).sceneIndex()) {
        scenes.add(Scene.fromSegments(kept.subList(from, i)));
        from = i;
      }
    }
    VideoStory.Builder b = VideoStory.builder().scenes(scenes).model(story.model())
        .options(story.options());
    story.title().ifPresent(b::title);
    return b.build();
  }

  /**
   * {@code out.mp4} with index 2 becomes {@code out-2.mp4}; {@code frames} becomes {@code
   * frames-2}.
   */
  static Path withIndex(Path out, int index) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String indexed = dot > 0
        ? name.substring(0, dot) + "-" + index + name.substring(dot)
        : name + "-" + index;
    return out.resolveSibling(indexed);
  }
}
