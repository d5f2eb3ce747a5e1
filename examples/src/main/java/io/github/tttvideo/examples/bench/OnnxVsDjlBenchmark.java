package io.github.tttvideo.examples.bench;

import io.github.tttvideo.api.Models;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.backend.onnx.OnnxBackendProvider;
import io.github.tttvideo.backend.onnx.export.OnnxExportCache;
import io.github.tttvideo.backend.onnx.export.OnnxExporter;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.core.render.RenderPipeline;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Compares the ONNX Runtime backend with the DJL/PyTorch backend on the embedded toon model and
 * prints a table: the export time and graph sizes, the load times, the time of one denoiser step
 * (one network evaluation) for 1 and 3 segments on each backend with the relative error of ONNX
 * against DJL ({@code max|onnx - djl| / max|djl|}), and the PSNR of a full 3-segment (9-second)
 * render from the same seed on both backends. Step times are medians after three warm-up calls
 * per backend, each backend with the same number of intra-op threads.
 *
 * <pre>
 * java -cp "examples/target/ttt-video.jar:examples/target/lib/*" \
 *     io.github.tttvideo.examples.bench.OnnxVsDjlBenchmark [STEPS] [REPEATS] [THREADS]
 * </pre>
 */
public final class OnnxVsDjlBenchmark {
  private static final int WARMUP = 3;

  private OnnxVsDjlBenchmark() {}

  /**
   * Entry point.
   *
   * @param args render steps (default 50), timed repeats per step measurement (default 5),
   *     threads per backend (default 1: with small operations a second thread makes both engines
   *     slower and erratic on a shared 2-core machine; 0 lets each engine choose)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path dir = ModelDirectories.resolve(Models.toon());
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    Path cache = Files.createTempDirectory("ttt-onnx-bench-");
    System.setProperty(OnnxExportCache.CACHE_PROPERTY, cache.toString());
    BackendOptions options = new BackendOptions("cpu", threads, "float32");
    System.out.printf(Locale.ROOT, "ONNX Runtime vs DJL/PyTorch on model %s (%d cores, threads"
        + " %s)%n%n", c.name(), Runtime.getRuntime().availableProcessors(),
        threads == 0 ? "default" : threads);

    long t0 = System.nanoTime();
    Path graphs = OnnxExportCache.resolve(dir);
    double exportS = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "export: %.2f s%n", exportS);
    for (String f : List.of(OnnxExporter.DENOISER, OnnxExporter.VAE_FIRST, OnnxExporter.VAE_NEXT)) {
      System.out.printf(Locale.ROOT, "  %-16s %8.2f MB%n", f, Files.size(graphs.resolve(f)) / 1e6);
    }

    BackendProvider djlProvider = new DjlBackendProvider();
    BackendProvider onnxProvider = new OnnxBackendProvider();
    t0 = System.nanoTime();
    try (VideoModel djl = djlProvider.load(dir, options)) {
      double djlLoad = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      try (VideoModel onnx = onnxProvider.load(dir, options)) {
        double onnxLoad = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "load: djl %.2f s, onnx %.2f s (graphs cached)%n%n",
            djlLoad, onnxLoad);
        System.out.println("| segments | tokens | djl ms/step | onnx ms/step | onnx/djl"
            + " | rel. error |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int n : new int[] {1, 3}) {
          DenoiseInput in = input(c, n, 999, 11);
          float[] ref = djl.predictVelocity(in); // reference
          float[] got = onnx.predictVelocity(in);
          double rel = relativeError(got, ref);
          for (int i = 0; i < WARMUP; i++) { // the first calls of a JVM are slow (JIT, engines)
            djl.predictVelocity(in);
            onnx.predictVelocity(in);
          }
          double djlMs = time(djl, in, repeats);
          double onnxMs = time(onnx, in, repeats);
          System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2f | %.2e |%n", n,
              SequenceLayout.of(n, c).totalTokens(), djlMs, onnxMs, onnxMs / djlMs, rel);
        }
      }
    }

    System.out.printf(Locale.ROOT, "%nrender: 3 segments (9 s), seed 42, %d steps%n", steps);
    VideoStory story = VideoStory.builder().model(dir).seed(42).steps(steps)
        .scene(Scene.of("In the kitchen. Tom the orange cat and Jerry the brown mouse are here."
            + " Tom chases Jerry to the left.").then("Jerry hides in a hole while Tom waits."))
        .scene(Scene.of("In the garden. Tom sleeps.").transition())
        .build();
    Path scratch = Files.createTempDirectory("ttt-onnx-bench-render-");
    Rendered djlRender = render(djlProvider, story, scratch.resolve("djl"), threads);
    Rendered onnxRender = render(onnxProvider, story, scratch.resolve("onnx"), threads);
    System.out.printf(Locale.ROOT, "  frames: djl %d, onnx %d; wall time: djl %.1f s, onnx %.1f s%n",
        djlRender.frames().size(), onnxRender.frames().size(), djlRender.seconds(),
        onnxRender.seconds());
    System.out.printf(Locale.ROOT, "  PSNR onnx vs djl: %.2f dB (8-bit RGB, all frames)%n",
        psnr(djlRender.frames(), onnxRender.frames()));
    Files.deleteIfExists(scratch);
  }

  /** The frames of one render and its wall time. */
  private record Rendered(List<VideoFrame> frames, double seconds) {}

  private static Rendered render(BackendProvider backend, VideoStory story, Path out,
      int threads) {
    FrameSink sink = new FrameSink();
    RenderPipeline pipeline = RenderPipeline.builder().backend(backend).codec(sink).build();
    long t0 = System.nanoTime();
    pipeline.render(story.toBuilder().options(story.options().toBuilder()
        .format(OutputFormat.PNG).device("cpu").threads(threads).build()).build(), out,
        ProgressListener.none(),
        new RenderControl());
    return new Rendered(sink.frames, (System.nanoTime() - t0) / 1e9);
  }

  private static double time(VideoModel m, DenoiseInput in, int repeats) {
    double[] ms = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      m.predictVelocity(in);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[repeats / 2]; // median
  }

  private static DenoiseInput input(ModelConfig c, int segments, int timestep, long seed) {
    SequenceLayout layout = SequenceLayout.of(segments, c);
    int nf = layout.latentFrames();
    Random r = new Random(seed);
    float[] latents = new float[nf * c.latentChannels() * c.latentHeight() * c.latentWidth()];
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) r.nextGaussian();
    }
    float[] text = new float[layout.textTokens() * c.textDim()];
    for (int i = 0; i < text.length; i++) {
      text[i] = (float) r.nextGaussian();
    }
    return new DenoiseInput(latents, nf, text, segments, layout.textTokensPerSegment(), timestep);
  }

  static double relativeError(float[] x, float[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num = Math.max(num, Math.abs((double) x[i] - ref[i]));
      den = Math.max(den, Math.abs(ref[i]));
    }
    return num / den;
  }

  /** PSNR over all bytes of all frames, peak 255; infinite when identical. */
  static double psnr(List<VideoFrame> a, List<VideoFrame> b) {
    if (a.size() != b.size()) {
      throw new IllegalStateException(a.size() + " frames vs " + b.size());
    }
    double se = 0;
    long n = 0;
    for (int f = 0; f < a.size(); f++) {
      byte[] x = a.get(f).rgb();
      byte[] y = b.get(f).rgb();
      for (int i = 0; i < x.length; i++) {
        double d = (x[i] & 0xff) - (y[i] & 0xff);
        se += d * d;
      }
      n += x.length;
    }
    double mse = se / n;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Keeps the decoded frames of one render in memory; writes nothing. */
  private static final class FrameSink implements CodecProvider {
    final List<VideoFrame> frames = new ArrayList<>();

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public Set<OutputFormat> formats() {
      return EnumSet.allOf(OutputFormat.class);
    }

    @Override
    public VideoWriter openWriter(VideoWriterSpec spec) {
      return new VideoWriter() {
        @Override
        public void write(VideoFrame frame) {
          frames.add(frame);
        }

        @Override
        public long framesWritten() {
          return frames.size();
        }

        @Override
        public Path commit() {
          return spec.target();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public VideoReader openReader(Path path) {
      throw new UnsupportedOperationException("writes only");
    }
  }
}
