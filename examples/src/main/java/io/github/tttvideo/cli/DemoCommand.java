package io.github.tttvideo.cli;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.ttt.BidirectionalTttBlock;
import io.github.tttvideo.core.ttt.JavaTttKernel;
import io.github.tttvideo.core.ttt.PrimalScan;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.ttt.VideoTttLayer;
import io.github.tttvideo.core.ttt.VideoTttParams;
import io.github.tttvideo.simd.VectorTttKernel;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ttt-video demo}: runs a small random TTT video layer inside the gated bidirectional block
 * on a toy multi-segment sequence and shows test-time learning (the inner loss of every mini-batch
 * before and after its update).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs a small seeded TTT layer (bidirectional, gated) on random hidden states of a toy"
            + " multi-segment video sequence and prints the inner loss of each mini-batch before"
            + " and after its test-time update, the output norms and the time.")
public final class DemoCommand implements Callable<Integer> {

  enum Variant {
    linear,
    mlp
  }

  @Spec CommandSpec spec;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--variant", defaultValue = "mlp",
      description = "Inner model: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Variant variant;

  @Option(names = "--segments", defaultValue = "2",
      description = "Segments (text chunks), interleaved (default ${DEFAULT-VALUE}).")
  int segments;

  @Option(names = "--text", defaultValue = "8",
      description = "Text tokens per segment (default ${DEFAULT-VALUE}).")
  int text;

  @Option(names = "--frames", defaultValue = "2",
      description = "Latent frames per segment (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--tokens",
      description = "Total sequence length L; sets the frames per segment (overrides --frames).")
  Integer tokens;

  @Option(names = "--grid", defaultValue = "4",
      description = "Patch grid side, tokens per frame = grid^2 (default ${DEFAULT-VALUE}).")
  int grid;

  @Option(names = "--heads", defaultValue = "4", description = "Heads (default ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--head-dim", defaultValue = "16",
      description = "Head dim, a multiple of 16 (default ${DEFAULT-VALUE}).")
  int headDim;

  @Option(names = "--mini-batch", defaultValue = "16",
      description = "TTT mini-batch size K (default ${DEFAULT-VALUE}).")
  int miniBatch;

  @Option(names = "--base-lr", defaultValue = "1.0",
      description = "ttt_base_lr (default ${DEFAULT-VALUE}, large so the learning is visible).")
  double baseLr;

  @Option(names = "--threads", defaultValue = "1",
      description = "Scan threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (segments < 1 || text < 0 || grid < 1) {
      throw new InvalidInputException("--segments and --grid must be >= 1 and --text >= 0");
    }
    int perFrame = grid * grid;
    if (tokens != null) {
      int video = tokens - segments * text;
      if (video <= 0 || video % (segments * perFrame) != 0) {
        throw new InvalidInputException("--tokens " + tokens + " leaves " + video
            + " video tokens, not a positive multiple of segments * grid^2 = "
            + segments * perFrame);
      }
      frames = video / (segments * perFrame);
    }
    if (frames < 1) {
      throw new InvalidInputException("--frames must be >= 1, got " + frames);
    }
    TttVariant v = variant == Variant.mlp ? TttVariant.MLP : TttVariant.LINEAR;
    TttConfig cfg = TttConfig.video(v, heads, headDim).withMiniBatch(miniBatch).withBaseLr(baseLr);
    TttSequence seq = interleaved(segments, text, frames, grid, grid);
    VideoTttParams params = VideoTttParams.init(cfg, seed);
    // the Vector API kernel when the JVM has jdk.incubator.vector (the launcher adds it)
    TttKernel kernel = VectorTttKernel.isAvailable()
        ? new VectorTttKernel(threads) : new JavaTttKernel(threads);
    VideoTttLayer layer = new VideoTttLayer(params, kernel);
    BidirectionalTttBlock block = new BidirectionalTttBlock(layer, TttGates.init(cfg.width()));
    Random rnd = new Random(seed + 1);
    float[] x = new float[seq.length() * cfg.width()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }

    long t0 = System.nanoTime();
    BidirectionalTttBlock.Result r = block.forwardDetailed(x, 1, seq);
    double ms = (System.nanoTime() - t0) / 1e6;
    PrimalScan.Result fwd = PrimalScan.run(cfg, r.forwardPass().scanInput(), params.inner());
    PrimalScan.Result bwd = PrimalScan.run(cfg, r.backwardPass().scanInput(), params.inner());

    out.printf(Locale.ROOT, "TTT-%s demo, seed %d: %d segments x (%d text + %d frames of %dx%d),"
            + " L = %d, D = %d (%d heads x %d), K = %d, base lr %s%n",
        v == TttVariant.MLP ? "MLP" : "Linear", seed, segments, text, frames, grid, grid,
        seq.length(), cfg.width(), heads, headDim, miniBatch, baseLr);
    out.println();
    out.println("inner loss 1/K sum_j 0.5||LN(g(k_j)) - (v_j - k_j)||^2, mean over heads:");
    out.println("| mini-batch | fwd before | fwd after | bwd before | bwd after |");
    out.println("| --- | --- | --- | --- | --- |");
    int nc = seq.length() / miniBatch;
    for (int n = 0; n < nc; n++) {
      out.printf(Locale.ROOT, "| %d | %.5f | %.5f | %.5f | %.5f |%n", n,
          meanOverHeads(fwd.lossBefore(), n, nc), meanOverHeads(fwd.lossAfter(), n, nc),
          meanOverHeads(bwd.lossBefore(), n, nc), meanOverHeads(bwd.lossAfter(), n, nc));
    }
    out.println();
    out.printf(Locale.ROOT, "|X| = %.4f   |TTT(X)| = %.4f   |Z| = %.4f   |Z'| = %.4f%n",
        norm(x), norm(r.forwardPass().output()), norm(r.afterForward()), norm(r.output()));
    out.printf(Locale.ROOT,
        "time: %.1f ms for the bidirectional block (2 TTT passes, %s kernel)%n", ms,
        kernel.name());
    out.flush();
    return TttVideoCli.EXIT_OK;
  }

  private double meanOverHeads(double[] loss, int n, int nc) {
    double s = 0;
    for (int h = 0; h < heads; h++) {
      s += loss[h * nc + n];
    }
    return s / heads;
  }

  private static double norm(float[] a) {
    double s = 0;
    for (float v : a) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /**
   * A toy multi-segment sequence: text-first token order, scan order text_0, video_0, text_1,
   * video_1, ... (every segment owns {@code frames} frames here; the real layout gives the first
   * segment one extra frame).
   */
  static TttSequence interleaved(int n, int tt, int framesPerSegment, int gh, int gw) {
    return TttSequence.uniformSegments(n, tt, framesPerSegment, gh, gw);
  }
}
