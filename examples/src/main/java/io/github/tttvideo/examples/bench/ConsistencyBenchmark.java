package io.github.tttvideo.examples.bench;

import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.cli.CliModels;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.render.SamplerKind;
import io.github.tttvideo.examples.eval.StoryScores;
import io.github.tttvideo.examples.eval.ToonModelRenderer;
import io.github.tttvideo.toon.metrics.BenchmarkResult;
import io.github.tttvideo.toon.probe.PaletteProbe;
import io.github.tttvideo.toon.render.ToonRenderer;
import io.github.tttvideo.toon.world.ToonFrame;
import io.github.tttvideo.toon.world.ToonStory;
import io.github.tttvideo.toon.world.ToonWorld;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The consistency benchmark of issue #7: renders the same held-out toon-world stories with
 * several models (one per sequence mixer) at several lengths, scores every render with the five
 * metrics of {@code docs/toon-world.md}, records the render time and peak memory, and writes the
 * table, PNG plots against length and {@code docs/benchmarks.md}.
 *
 * <p>Every render is appended to a CSV at once, so a long run can stop and go on with {@code
 * --resume}; {@code --report-only} rewrites the table, plots and page from the CSV alone.
 *
 * <pre>
 * java -Dai.djl.offline=true -XX:MaxDirectMemorySize=8g \
 *     -cp "examples/target/ttt-video.jar:examples/target/lib/*" \
 *     io.github.tttvideo.examples.bench.ConsistencyBenchmark \
 *     --models local=toon-local,sliding=toon-sliding,ttt-linear=toon-ttt-linear,ttt-mlp=toon,full=toon-full \
 *     --lengths 3,10,20 --stories 4 --steps 20 --out benchmark-results --docs docs/benchmarks.md --resume
 * </pre>
 */
@Command(name = "consistency-benchmark", mixinStandardHelpOptions = true,
    description = "Renders held-out toon-world stories with each model at each length and reports"
        + " the five toon-world metrics, render time and peak memory (issue #7).")
public final class ConsistencyBenchmark implements Callable<Integer> {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._+-]+");

  @Option(names = "--models", paramLabel = "[LABEL=]NAME|DIR,...", split = ",",
      defaultValue = "ttt-mlp=toon",
      description = "Models to compare: built-in names or model directories, each optionally"
          + " with a display label (default: ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(names = "--lengths", paramLabel = "SEGMENTS,...", split = ",", defaultValue = "3,10,20",
      description = "Story lengths in 3-second segments (default: ${DEFAULT-VALUE},"
          + " i.e. 9, 30 and 60 s).")
  List<Integer> lengths;

  @Option(names = "--stories", defaultValue = "4",
      description = "Stories per length, the same for every model (default: ${DEFAULT-VALUE}).")
  int stories;

  @Option(names = "--steps", defaultValue = "20",
      description = "Denoising steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--sampler", defaultValue = "dpm",
      description = "dpm (DPM-Solver++(2M) SDE) or ddim (default: ${DEFAULT-VALUE}).")
  String sampler;

  @Option(names = "--guidance", paramLabel = "SCALE",
      description = "Guidance scale of the dynamic schedule (default: the render default, 6).")
  Double guidance;

  @Option(names = "--backend", defaultValue = "djl", description = "Backend (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--threads", defaultValue = "0",
      description = "CPU threads for the backend (default: 0 = its choice).")
  int threads;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "benchmark-results",
      description = "Folder of the raw results, results.csv (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--docs", paramLabel = "FILE.md",
      description = "Also write the page (method, table, plots, comparison) here, for example"
          + " docs/benchmarks.md.")
  Path docs;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "Folder of the PNG plots (default: next to --docs, its name without .md;"
          + " without --docs: OUT/plots).")
  Path plots;

  @Option(names = "--resume",
      description = "Go on with an existing results.csv, skipping (model, length, story) rows it"
          + " holds.")
  boolean resume;

  @Option(names = "--report-only",
      description = "Render nothing: rewrite the table, plots and page from results.csv.")
  boolean reportOnly;

  @Option(names = "--compare", paramLabel = "A,B", split = ",", defaultValue = "ttt-mlp,local",
      description = "The two labels compared at the longest length (default: ${DEFAULT-VALUE}).")
  List<String> compare;

  @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Render a 1-segment, 2-step story per model before measuring it (JIT and"
          + " native warm-up; not recorded). Default: on.")
  boolean warmup;

  private PrintWriter log = new PrintWriter(System.err, true);
  private PrintWriter stdout = new PrintWriter(System.out, true);
  private Result result;

  /**
   * What a run produced.
   *
   * @param rows the rows reported (the results file's rows for these models, lengths and
   *     stories, then the ground-truth rows)
   * @param rendered renders done by this run (not resumed)
   * @param table the Markdown table
   * @param comparison the comparison text
   * @param plots the plot files
   */
  public record Result(List<BenchmarkRow> rows, int rendered, String table, String comparison,
      List<Path> plots) {}

  /** A model to benchmark: its label, the reference as given, and its directory. */
  record ModelSpec(String label, String ref, Path dir, ModelConfig config) {}

  /**
   * Runs the benchmark from the command line.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ConsistencyBenchmark()).execute(args));
  }

  /**
   * Runs the benchmark with the given arguments, the table to {@code out}, progress to {@code
   * err}.
   *
   * @param out standard output
   * @param err progress
   * @param args see {@code --help}
   * @return what the run produced
   */
  public static Result run(PrintWriter out, PrintWriter err, String... args) {
    ConsistencyBenchmark b = new ConsistencyBenchmark();
    b.stdout = out;
    b.log = err;
    CommandLine cl = new CommandLine(b);
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    if (code != 0 || b.result == null) {
      throw new IllegalStateException("benchmark failed with exit status " + code);
    }
    return b.result;
  }

  @Override
  public Integer call() throws Exception {
    check();
    List<ModelSpec> specs = resolveModels(models, !reportOnly);
    List<Integer> sortedLengths = List.copyOf(new TreeSet<>(lengths));
    List<BenchmarkStories.Pick> picks = BenchmarkStories.select(stories, sortedLengths.get(0));
    SamplerKind kind = SamplerKind.fromName(sampler);
    RenderOptions.Builder ob = RenderOptions.builder().steps(steps).backend(backend)
        .threads(threads).device(device).format(OutputFormat.PNG);
    if (guidance != null) {
      ob.guidance(GuidanceSchedule.DYNAMIC_COSINE, guidance);
    }
    RenderOptions base = ob.build();
    String guidanceText = base.guidance() + ":" + base.guidanceScale();

    Path csv = out.resolve("results.csv");
    List<BenchmarkRow> existing = BenchmarkCsv.read(csv);
    if (!existing.isEmpty() && !resume && !reportOnly) {
      throw new InvalidInputException(csv + " already holds " + existing.size() + " results:"
          + " pass --resume to go on with it, --report-only to report it, or choose another"
          + " --out");
    }
    checkCompatible(existing, specs, kind, guidanceText);

    int rendered = 0;
    if (!reportOnly) {
      rendered = renderAll(specs, sortedLengths, picks, base, kind, guidanceText, csv, existing);
    }

    Set<Long> seeds = picks.stream().map(BenchmarkStories.Pick::seed).collect(Collectors.toSet());
    Set<String> labels = specs.stream().map(ModelSpec::label).collect(Collectors.toSet());
    List<BenchmarkRow> rows = new ArrayList<>();
    for (BenchmarkRow r : BenchmarkCsv.read(csv)) {
      if (labels.contains(r.model()) && sortedLengths.contains(r.segments())
          && seeds.contains(r.storySeed())) {
        rows.add(r);
      }
    }
    rows.addAll(groundTruth(picks, sortedLengths));
    List<String> order = new ArrayList<>();
    order.add(BenchmarkReport.GROUND_TRUTH);
    specs.forEach(s -> order.add(s.label()));
    BenchmarkSummary summary = new BenchmarkSummary(rows, order);
    BenchmarkReport report = new BenchmarkReport(summary);
    String table = report.table();
    String comparison = report.comparison(compare.get(0), compare.get(1));
    stdout.print(table);
    stdout.println();
    stdout.print(comparison);
    stdout.flush();

    Path plotDir = plots != null ? plots : docs != null ? siblingFolder(docs)
        : out.resolve("plots");
    List<Path> plotFiles = report.writePlots(plotDir);
    log.println("wrote " + plotFiles.size() + " plots to " + plotDir);
    if (docs != null) {
      Path parent = docs.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      String md = report.markdown(command(), method(picks, sortedLengths),
          settings(specs, picks, sortedLengths, kind, base, csv, rows), plotFiles, docs,
          compare.get(0), compare.get(1), BenchmarkReport.existingNote(docs));
      Files.writeString(docs, md);
      log.println("wrote " + docs);
    }
    result = new Result(List.copyOf(rows), rendered, table, comparison, plotFiles);
    return 0;
  }

  private void check() {
    if (stories < 1) {
      throw new InvalidInputException("--stories must be >= 1, got " + stories);
    }
    if (steps < 1) {
      throw new InvalidInputException("--steps must be >= 1, got " + steps);
    }
    if (lengths.isEmpty()) {
      throw new InvalidInputException("--lengths needs at least one length");
    }
    for (int l : lengths) {
      if (l < 1 || l > ToonWorld.MAX_SEGMENTS) {
        throw new InvalidInputException("--lengths must be 1 to " + ToonWorld.MAX_SEGMENTS
            + " segments, got " + l);
      }
    }
    if (compare.size() != 2) {
      throw new InvalidInputException("--compare needs two labels, got " + compare);
    }
  }

  /**
   * Parses {@code [LABEL=]NAME|DIR} entries and resolves each to its model directory.
   *
   * @param entries the entries
   * @param required whether a model that cannot be resolved is an error; if not (a report from
   *     the CSV alone, maybe on another machine), it gets no directory and no config
   * @return the models, in order
   */
  static List<ModelSpec> resolveModels(List<String> entries, boolean required) {
    Map<String, ModelSpec> specs = new LinkedHashMap<>();
    for (String raw : entries) {
      String e = raw.strip();
      int eq = e.indexOf('=');
      String label = eq >= 0 ? e.substring(0, eq).strip() : e;
      String ref = eq >= 0 ? e.substring(eq + 1).strip() : e;
      if (eq < 0 && ref.contains("/")) {
        label = Path.of(ref).getFileName().toString();
      }
      if (!LABEL.matcher(label).matches()) {
        throw new InvalidInputException("model label \"" + label + "\" must be letters, digits,"
            + " '.', '_', '+' or '-' (write LABEL=" + ref + ")");
      }
      if (ref.isEmpty()) {
        throw new InvalidInputException("--models entry \"" + raw + "\" names no model");
      }
      if (specs.containsKey(label)) {
        throw new InvalidInputException("model label \"" + label + "\" is given twice");
      }
      try {
        Path resolved = ModelDirectories.resolve(CliModels.model(ref));
        specs.put(label, new ModelSpec(label, ref, resolved,
            ModelConfigReader.fromDirectory(resolved)));
      } catch (RuntimeException unavailable) {
        if (required) {
          throw unavailable;
        }
        specs.put(label, new ModelSpec(label, ref, null, null));
      }
    }
    return List.copyOf(specs.values());
  }

  private void checkCompatible(List<BenchmarkRow> rows, List<ModelSpec> specs, SamplerKind kind,
      String guidanceText) {
    Map<String, String> refs = new LinkedHashMap<>();
    specs.forEach(s -> refs.put(s.label(), s.ref()));
    for (BenchmarkRow r : rows) {
      if (!refs.containsKey(r.model())) {
        continue;
      }
      if (r.steps() != steps || !r.sampler().equals(kind.id())
          || !r.guidance().equals(guidanceText)) {
        throw new InvalidInputException("the results file holds " + r.model() + " rows rendered"
            + " with " + r.steps() + " steps, sampler " + r.sampler() + ", guidance "
            + r.guidance() + "; this run uses " + steps + ", " + kind.id() + ", " + guidanceText
            + ": numbers of different settings are never mixed, choose another --out");
      }
      if (!r.ref().equals(refs.get(r.model()))) {
        throw new InvalidInputException("label " + r.model() + " stands for " + r.ref()
            + " in the results file but for " + refs.get(r.model()) + " in --models");
      }
    }
  }

  private int renderAll(List<ModelSpec> specs, List<Integer> sortedLengths,
      List<BenchmarkStories.Pick> picks, RenderOptions base, SamplerKind kind,
      String guidanceText, Path csv, List<BenchmarkRow> existing) throws Exception {
    Set<String> done = new HashSet<>();
    existing.forEach(r -> done.add(r.key()));
    int total = specs.size() * sortedLengths.size() * picks.size();
    int todo = 0;
    for (ModelSpec m : specs) {
      for (int l : sortedLengths) {
        for (BenchmarkStories.Pick p : picks) {
          if (!done.contains(BenchmarkRow.key(m.label(), l, p.seed()))) {
            todo++;
          }
        }
      }
    }
    log.printf(Locale.ROOT, "%d renders: %d models x %d lengths x %d stories; %d already in %s,"
        + " %d to go%n", total, specs.size(), sortedLengths.size(), picks.size(), total - todo,
        csv, todo);
    PaletteProbe probe = new PaletteProbe();
    Set<String> warm = new HashSet<>();
    int rendered = 0;
    Instant start = Instant.now();
    try (ToonModelRenderer renderer = new ToonModelRenderer(kind)) {
      for (int segments : sortedLengths) {
        for (BenchmarkStories.Pick pick : picks) {
          ToonStory story = pick.story(segments);
          for (ModelSpec m : specs) {
            if (done.contains(BenchmarkRow.key(m.label(), segments, pick.seed()))) {
              continue;
            }
            if (warmup && warm.add(m.label())) {
              long t = System.nanoTime();
              renderer.render(picks.get(0).story(1), m.dir(),
                  base.toBuilder().steps(2).seed(0).build(), "warm-up", ProgressListener.none());
              log.printf(Locale.ROOT, "warm-up of %s: %.1f s%n", m.label(),
                  (System.nanoTime() - t) / 1e9);
            }
            BenchmarkRow row = renderOne(renderer, probe, m, pick, story, segments, base, kind,
                guidanceText);
            BenchmarkCsv.append(csv, row);
            done.add(row.key());
            rendered++;
            Duration spent = Duration.between(start, Instant.now());
            log.printf(Locale.ROOT, "[%d/%d] %s, %d s, story %d (%s): render %.1f s (%.2f s/step),"
                    + " peak RSS +%.0f MiB; identity %s, event %s, text %s, quality %s;"
                    + " %d min so far%n", rendered, todo, m.label(), row.videoSeconds(),
                pick.index(), pick.seedLabel(), row.renderS(), row.secondsPerStep(),
                row.rssIncreaseMib(), pct(row.identity()), pct(row.event()), pct(row.text()),
                pct(row.quality()), spent.toMinutes());
            log.flush();
          }
        }
      }
    }
    return rendered;
  }

  private BenchmarkRow renderOne(ToonModelRenderer renderer, PaletteProbe probe, ModelSpec m,
      BenchmarkStories.Pick pick, ToonStory story, int segments, RenderOptions base,
      SamplerKind kind, String guidanceText) {
    Timing timing = new Timing();
    PeakMemory.Result mem;
    List<ToonFrame> frames;
    long t0;
    try (PeakMemory meter = PeakMemory.start()) {
      t0 = System.nanoTime();
      frames = renderer.render(story, m.dir(), base.toBuilder().seed(pick.index()).build(),
          m.label() + "-" + segments + "-" + pick.index(), timing);
      timing.returned = System.nanoTime();
      mem = meter.stop();
    }
    long end = timing.finished > 0 ? timing.finished : timing.returned;
    double cpu = timing.cpuStarted >= 0 && timing.cpuFinished > 0
        ? (timing.cpuFinished - timing.cpuStarted) / 1e9 : Double.NaN;
    StoryScores s = StoryScores.of(story, frames, probe, (end - timing.started) / 1e9);
    BenchmarkResult b = s.benchmark();
    return new BenchmarkRow(m.label(), m.ref(), m.config().name(), segments, pick.index(),
        pick.seed(), pick.index(), steps, kind.id(), guidanceText,
        b.identityConsistency().value(), b.identityConsistency().count(),
        b.eventMemory().value(), b.eventMemory().count(),
        b.textFollowing().value(), b.textFollowing().count(),
        b.boundaryJumpPx().value(), b.boundaryJumpPx().count(),
        b.perFrameQuality().value(), b.perFrameQuality().count(),
        s.furLater().value(), s.furLater().count(),
        (timing.started - t0) / 1e9, (end - timing.started) / 1e9,
        (timing.sampled - timing.started) / 1e9, (end - timing.sampled) / 1e9, cpu,
        mem.baselineRss(), mem.peakRss(), mem.peakHeap());
  }

  /** Timestamps of one render from its listener: model loaded, last step, last frame. */
  private static final class Timing implements ProgressListener {
    long started;
    long sampled;
    long finished;
    long returned;

    long cpuStarted;
    long cpuFinished;

    @Override
    public void onStart(int totalSteps, int totalSegments) {
      started = System.nanoTime();
      cpuStarted = processCpuNanos();
    }

    @Override
    public void onStep(int step, int total, Duration elapsed, Duration eta) {
      if (step == total) {
        sampled = System.nanoTime();
      }
    }

    @Override
    public void onFinish(Path path, Duration elapsed) {
      finished = System.nanoTime();
      cpuFinished = processCpuNanos();
    }
  }

  /** CPU time of this process, all threads (-1 where the JVM cannot tell). */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The ground-truth renderer's frames scored like a model's: the ceiling of every metric. */
  private static List<BenchmarkRow> groundTruth(List<BenchmarkStories.Pick> picks,
      List<Integer> lengths) {
    ToonRenderer renderer = new ToonRenderer();
    PaletteProbe probe = new PaletteProbe();
    List<BenchmarkRow> rows = new ArrayList<>();
    for (int segments : lengths) {
      for (BenchmarkStories.Pick p : picks) {
        ToonStory story = p.story(segments);
        StoryScores s = StoryScores.of(story, renderer.render(story).frames(), probe, 0);
        BenchmarkResult b = s.benchmark();
        rows.add(new BenchmarkRow(BenchmarkReport.GROUND_TRUTH, "ToonRenderer", "toon-world",
            segments, p.index(), p.seed(), p.index(), 0, "none", "none",
            b.identityConsistency().value(), b.identityConsistency().count(),
            b.eventMemory().value(), b.eventMemory().count(),
            b.textFollowing().value(), b.textFollowing().count(),
            b.boundaryJumpPx().value(), b.boundaryJumpPx().count(),
            b.perFrameQuality().value(), b.perFrameQuality().count(),
            s.furLater().value(), s.furLater().count(),
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN));
      }
    }
    return rows;
  }

  /** The canonical command line of this run, for the page. */
  private String command() {
    StringBuilder sb = new StringBuilder();
    sb.append("java -Dai.djl.offline=true -XX:MaxDirectMemorySize=8g \\\n")
        .append("  -cp \"examples/target/ttt-video.jar:examples/target/lib/*\" \\\n")
        .append("  io.github.tttvideo.examples.bench.ConsistencyBenchmark \\\n")
        .append("  --models ").append(String.join(",", models))
        .append(" --lengths ").append(lengths.stream().map(String::valueOf)
            .collect(Collectors.joining(",")))
        .append(" --stories ").append(stories).append(" --steps ").append(steps)
        .append(" \\\n  --sampler ").append(sampler);
    if (guidance != null) {
      sb.append(" --guidance ").append(guidance);
    }
    if (!"djl".equals(backend)) {
      sb.append(" --backend ").append(backend);
    }
    if (!"cpu".equals(device)) {
      sb.append(" --device ").append(device);
    }
    if (threads != 0) {
      sb.append(" --threads ").append(threads);
    }
    sb.append(" --out ").append(out);
    if (docs != null) {
      sb.append(" --docs ").append(docs);
    }
    if (plots != null) {
      sb.append(" --plots ").append(plots);
    }
    if (!compare.equals(List.of("ttt-mlp", "local"))) {
      sb.append(" --compare ").append(String.join(",", compare));
    }
    return sb.append(" --resume").toString();
  }

  private List<String> method(List<BenchmarkStories.Pick> picks, List<Integer> lengths) {
    int longest = lengths.get(lengths.size() - 1);
    List<String> m = new ArrayList<>();
    StringBuilder st = new StringBuilder();
    st.append("**Stories.** ").append(picks.size()).append(" held-out stories from the evaluation"
        + " split (seeds from 2^40 on; training uses [0, 2^40)), chosen by `BenchmarkStories`:"
        + " the fur colours take turns, every story has a persistent event (flour, chef's hat,"
        + " sunglasses) still in effect in a later segment whose text does not mention it, and a"
        + " later unfloured segment, already within the shortest length; Tom's fur is named only"
        + " in the first segment's text. The story at a shorter length is the first segments of"
        + " the longer one. Story k:");
    for (BenchmarkStories.Pick p : picks) {
      ToonStory s = p.story(longest);
      List<String> events = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        if (s.segment(i).event() != null) {
          events.add(s.segment(i).event().name().toLowerCase(Locale.ROOT)
              .replace("chefs_hat", "chef's hat") + " in segment " + (i + 1));
        }
      }
      st.append(String.format(Locale.ROOT, " k=%d seed %s, %s fur, %s;", p.index(),
          p.seedLabel(), s.fur().label(), events.isEmpty() ? "no events"
              : String.join(", ", events)));
    }
    st.setLength(st.length() - 1);
    m.add(st.append('.').toString());
    m.add("**Rendering.** In this process through `RenderPipeline` (storyboard written by"
        + " `StoryboardJson`, read by `StoryboardReader`), with the same noise seed k for story k"
        + " for every model and length; frames stay in memory (no video compression) and the"
        + " model's first frame (the VAE's lone first frame) is dropped, 48 frames per segment"
        + " are scored.");
    m.add("**Metrics.** The five of [toon-world.md](toon-world.md), from pixels with the palette"
        + " probes (`ToonBenchmark.evaluateReadings`), per story; plus Tom's fur later, the"
        + " quality-gated reading of identity consistency from [evaluation.md](evaluation.md)"
        + " (identity consistency alone can read high on noise). Shares are in percent.");
    m.add("**Render time per video.** Wall time from the model being loaded (the pipeline's"
        + " `onStart`) to the last segment decoded (`onFinish`): text encoding, the sampling"
        + " steps (each a conditional and an unconditional pass of the denoiser) and the VAE"
        + " decoding. Model loading is excluded (it is `load_s` in the CSV). s / step is the"
        + " sampling time over the steps. CPU time is the process's CPU time (all threads,"
        + " PyTorch's included) over the same interval: on a shared machine it moves much less"
        + " with the other programs' load than the wall time does. Renders run one after another in one JVM; each model"
        + (warmup ? " first renders one unmeasured 1-segment, 2-step story (JIT and native"
            + " warm-up)." : " is measured from its first render (no warm-up)."));
    m.add("**Peak memory.** `peak RSS`: the process's peak resident set during the render"
        + " (model loading included), from the kernel's high-water mark VmHWM, reset before the"
        + " render through /proc/self/clear_refs, and a " + PeakMemory.SAMPLE_MILLIS
        + " ms sampler of VmRSS. `peak RSS above baseline`: that peak minus the resident set"
        + " just before the render, read after a requested GC and glibc's malloc_trim(0) (which"
        + " hands memory freed by earlier renders back to the system). What an earlier render"
        + " left in use that neither releases (a grown Java heap, allocator caches) is in the"
        + " baseline, so the increase can understate a render that reuses it; read both"
        + " columns. `peak Java heap`: the heap pools' summed peak usage during the render"
        + " (garbage included).");
    m.add("**Spread.** Mean ± sample standard deviation over the stories (each with its own story"
        + " and noise seed).");
    return m;
  }

  private List<String> settings(List<ModelSpec> specs, List<BenchmarkStories.Pick> picks,
      List<Integer> lengths, SamplerKind kind, RenderOptions base, Path csv,
      List<BenchmarkRow> rows) {
    List<String> s = new ArrayList<>();
    for (ModelSpec m : specs) {
      ModelConfig c = m.config();
      if (c == null) {
        s.add("model `" + m.label() + "`: " + m.ref() + " (not available here; its rows come"
            + " from the results file)");
        continue;
      }
      s.add(String.format(Locale.ROOT, "model `%s`: %s (config %s, width %d, %d layers, %d heads,"
          + " sequence mixer %s)", m.label(), m.ref(), c.name(), c.width(), c.layers(), c.heads(),
          c.sequenceMixer().jsonName()));
    }
    s.add("lengths: " + lengths.stream().map(l -> 3 * l + " s (" + l + " segments)")
        .collect(Collectors.joining(", ")) + "; " + picks.size() + " stories each");
    s.add("sampling: " + steps + " steps, " + kind.id() + ", guidance " + base.guidance() + " "
        + base.guidanceScale() + "; backend " + backend + ", device " + device + ", threads "
        + threads);
    s.add(String.format(Locale.ROOT, "machine: %d CPU cores seen by the JVM, Java %s, %s %s",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("os.name"), System.getProperty("os.arch")));
    long modelRows = rows.stream().filter(r -> !r.model().equals(BenchmarkReport.GROUND_TRUTH))
        .count();
    s.add("raw results: `" + csv + "` (" + modelRows + " renders); page written "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    return s;
  }

  private static Path siblingFolder(Path doc) {
    String name = doc.getFileName().toString();
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name + "-plots";
    Path parent = doc.getParent();
    return parent == null ? Path.of(base) : parent.resolve(base);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * v);
  }
}
