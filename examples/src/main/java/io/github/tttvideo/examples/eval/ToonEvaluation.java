package io.github.tttvideo.examples.eval;

import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.cli.CliModels;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.render.SamplerKind;
import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.story.StoryGenerator;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Evaluates a model on held-out toon-world stories (issue #6): renders each story with the model
 * through the normal render pipeline, in this process, and scores the frames from pixels with the
 * palette probes and the five metrics of {@code docs/toon-world.md}, next to the same numbers for
 * the ground-truth renderer.
 *
 * <p>Story k is {@code StoryGenerator.generate(2^40 + first + k, segments)}: seeds from {@code
 * 2^40} on are the evaluation split of {@code ToonClipDataset} (training uses {@code [0, 2^40)}),
 * so no evaluated story was trained on. Its noise seed is k ({@code --noise-seed N}: N + k).
 * Frames are kept in memory (no video compression between the decoder and the probes); the
 * first of the model's {@code 1 + 48 n} frames stands for the VAE's lone first frame (a repeat
 * of the first, as in training) and is dropped, so 48 frames per segment are scored.
 *
 * <pre>
 * java ... io.github.tttvideo.examples.eval.ToonEvaluation --model toon --stories 50 --segments 5 \
 *     --steps 20 --out docs/eval-toon.md
 * </pre>
 */
@Command(name = "toon-evaluation", mixinStandardHelpOptions = true,
    description = "Scores a model on held-out toon-world stories with the five toon-world metrics"
        + " and the acceptance numbers of issue #6, next to the ground-truth renderer.")
public final class ToonEvaluation implements Callable<Integer> {

  /**
   * First story seed of the evaluation split (the value of {@code
   * io.github.tttvideo.train.ToonClipDataset.EVAL_SEED_START}); training seeds are below it.
   */
  public static final long EVAL_SEED_START = 1L << 40;

  @Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = "toon",
      description = "Model directory, or the embedded toon (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "djl",
      description = "Backend (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--stories", defaultValue = "50", description = "Stories (default: ${DEFAULT-VALUE}).")
  int stories;

  @Option(names = "--segments", defaultValue = "5",
      description = "Segments per story, 1-20 (default: ${DEFAULT-VALUE}).")
  int segments;

  @Option(names = "--first", defaultValue = "0",
      description = "Index of the first evaluation story (default: ${DEFAULT-VALUE}).")
  long first;

  @Option(names = "--noise-seed", defaultValue = "0",
      description = "Noise seed of the first story; story k uses this + k (default:"
          + " ${DEFAULT-VALUE}). Another value redraws the noise of the same stories, to see how"
          + " much of a difference between two models is sampling noise.")
  long noiseSeed;

  @Option(names = "--steps", defaultValue = "20",
      description = "Denoising steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--sampler", defaultValue = "dpm",
      description = "dpm (DPM-Solver++(2M) SDE) or ddim (default: ${DEFAULT-VALUE}).")
  String sampler;

  @Option(names = "--guidance", paramLabel = "SCALE",
      description = "Guidance scale (default: the model's recommended guidance, else the render"
          + " default, dynamic cosine 6).")
  Double guidance;

  @Option(names = "--guidance-schedule", paramLabel = "NAME", defaultValue = "dynamic_cosine",
      description = "Schedule of --guidance: constant, dynamic_cosine or official_timestep"
          + " (default: ${DEFAULT-VALUE}).")
  String guidanceSchedule;

  @Option(names = "--threads", defaultValue = "0",
      description = "CPU threads for the backend (default: 0 = its choice).")
  int threads;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--out", paramLabel = "FILE.md",
      description = "Also write the report (Markdown) to this file.")
  Path out;

  private PrintWriter log = new PrintWriter(System.err, true);
  private PrintWriter stdout = new PrintWriter(System.out, true);
  private EvaluationReport report;

  /**
   * Runs the evaluation from the command line.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ToonEvaluation()).execute(args));
  }

  /**
   * Runs the evaluation with the given arguments, writing the table to {@code out} and progress to
   * {@code err}.
   *
   * @param out standard output
   * @param err progress
   * @param args see {@code --help}
   * @return the report
   */
  public static EvaluationReport run(PrintWriter out, PrintWriter err, String... args) {
    ToonEvaluation e = new ToonEvaluation();
    e.stdout = out;
    e.log = err;
    CommandLine cl = new CommandLine(e);
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    if (code != 0 || e.report == null) {
      throw new IllegalStateException("evaluation failed with exit status " + code);
    }
    return e.report;
  }

  @Override
  public Integer call() throws Exception {
    if (stories < 1) {
      throw new InvalidInputException("--stories must be >= 1, got " + stories);
    }
    if (noiseSeed < 0) {
      throw new InvalidInputException("--noise-seed must be >= 0, got " + noiseSeed);
    }
    if (segments < 1 || segments > ToonWorld.MAX_SEGMENTS) {
      throw new InvalidInputException("--segments must be 1 to " + ToonWorld.MAX_SEGMENTS
          + ", got " + segments);
    }
    ModelReference ref = CliModels.model(model);
    Path dir = ModelDirectories.resolve(ref);
    ModelConfig config = ModelConfigReader.fromDirectory(dir);
    SamplerKind kind = SamplerKind.fromName(sampler);
    RenderOptions.Builder ob = RenderOptions.builder().steps(steps).backend(backend)
        .threads(threads).device(device).format(OutputFormat.PNG);
    if (guidance != null) {
      GuidanceSchedule schedule;
      try {
        schedule = GuidanceSchedule.valueOf(guidanceSchedule.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--guidance-schedule must be constant, dynamic_cosine or"
            + " official_timestep, got " + guidanceSchedule, e);
      }
      ob.guidance(schedule, guidance);
    }
    RenderOptions base = ob.build();
    StoryGenerator generator = new StoryGenerator();
    ToonRenderer renderer = new ToonRenderer();
    PaletteProbe probe = new PaletteProbe();
    List<StoryScores> truth = new ArrayList<>();
    List<StoryScores> modelScores = new ArrayList<>();
    try (ToonModelRenderer modelRenderer = new ToonModelRenderer(kind)) {
      for (int k = 0; k < stories; k++) {
        long seed = Math.addExact(EVAL_SEED_START, first + k);
        ToonStory story = generator.generate(seed, segments);

        long t0 = System.nanoTime();
        List<ToonFrame> gt = renderer.render(story).frames();
        truth.add(StoryScores.of(story, gt, probe, (System.nanoTime() - t0) / 1e9));

        long t1 = System.nanoTime();
        RenderOptions options = base.toBuilder().seed(Math.addExact(noiseSeed, k)).build();
        List<ToonFrame> frames = modelRenderer.render(story, dir, options,
            "eval-" + k, ProgressListener.none());
        double seconds = (System.nanoTime() - t1) / 1e9;
        StoryScores s = StoryScores.of(story, frames, probe, seconds);
        modelScores.add(s);
        log.printf(Locale.ROOT, "story %d/%d (seed 2^40+%d, %d segments): %.1f s, palette %.1f %%,"
                + " right room %.0f %%, text following %.0f %%%n", k + 1, stories, first + k,
            segments, seconds, 100 * s.paletteShare().value(), 100 * s.rightRoom().value(),
            100 * s.benchmark().textFollowing().value());
        log.flush();
      }
    }
    List<String> settings = List.of(
        "model: " + ref + " (" + dir + "; config " + config.name() + ", width " + config.width()
            + ", " + config.layers() + " layers, " + config.heads() + " heads, sequence mixer "
            + config.sequenceMixer().jsonName() + ", VAE decoder output "
            + (config.vaePalette() == null ? "RGB" : "a " + config.vaePalette().size()
                + "-colour palette (softmax-weighted colours)") + ")",
        "stories: " + stories + " held-out stories of " + segments + " segments, seeds 2^40+"
            + first + " .. 2^40+" + (first + stories - 1) + " (StoryGenerator.generate(seed, "
            + segments + ")); noise seed = " + (noiseSeed == 0 ? "" : noiseSeed + " + ")
            + "story index",
        "sampling: " + steps + " steps, " + kind.id() + ", guidance " + (!base.guidanceChosen()
            && config.recommendedGuidance().isPresent()
            ? config.recommendedGuidance().get().schedule() + " "
                + config.recommendedGuidance().get().scale() + " (the model's recommended)"
            : base.guidance() + " " + base.guidanceScale()) + ", backend " + backend
            + ", device " + device + ", threads " + threads,
        "scores from pixels (palette probes); the model's frame 0 (the VAE's lone first frame) is"
            + " dropped, 48 frames per segment are scored");
    report = new EvaluationReport(settings, StoryScores.pool(truth),
        StoryScores.pool(modelScores), "model " + ref, stories);
    String md = report.toMarkdown();
    stdout.print(md);
    stdout.flush();
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, md);
      log.println("wrote " + out);
    }
    return 0;
  }
}
