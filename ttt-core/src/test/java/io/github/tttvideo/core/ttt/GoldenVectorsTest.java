package io.github.tttvideo.core.ttt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the TTT op and layers with the official PyTorch golden vectors
 * (/work/shared/golden/ttt/README.md): every output and final inner weight within
 * {@code |x - ref| <= 1e-4 (1 + |ref|)} elementwise.
 *
 * <p>Folder: system property {@code ttt.golden.dir}, else {@code ../shared/golden/ttt} from the
 * repository root ({@code ttt.repo.root}, set by surefire, or found by walking up).
 */
class GoldenVectorsTest {

  private static final Logger LOG = LoggerFactory.getLogger(GoldenVectorsTest.class);
  static final double TOL = 1e-4;

  @TestFactory
  Stream<DynamicTest> goldenVectors() throws IOException {
    Path dir = goldenDir();
    assertTrue(Files.isDirectory(dir), "golden folder " + dir + " does not exist");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "golden folder " + dir + " holds no *.json case");
    return files.stream()
        .map(f -> dynamicTest(f.getFileName().toString(), () -> runCase(GoldenCase.read(f))));
  }

  /**
   * The kernel under test: the one pinned with {@code -Dttt.kernel=NAME} (so that modules with
   * another kernel can rerun these cases), else the pure-Java kernel with two threads.
   */
  static TttKernel kernel() {
    String pin = System.getProperty(TttKernels.PIN_PROPERTY);
    return pin == null || pin.isBlank() ? new JavaTttKernel(2) : TttKernels.load();
  }

  static Path goldenDir() {
    String prop = System.getProperty("ttt.golden.dir");
    if (prop != null && !prop.isBlank()) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    return repoRoot().resolve("../shared/golden/ttt").normalize();
  }

  static Path repoRoot() {
    String prop = System.getProperty("ttt.repo.root");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop))) {
      return Paths.get(prop).toAbsolutePath();
    }
    Path p = Paths.get("").toAbsolutePath();
    for (Path q = p; q != null; q = q.getParent()) {
      if (Files.isDirectory(q.resolve(".ci")) || isParentPom(q.resolve("pom.xml"))) {
        return q;
      }
    }
    return p;
  }

  private static boolean isParentPom(Path pom) {
    try {
      return Files.isRegularFile(pom)
          && Files.readString(pom).contains("<artifactId>ttt-video-parent</artifactId>")
          && !Files.readString(pom).contains("<parent>");
    } catch (IOException e) {
      return false;
    }
  }

  static void runCase(GoldenCase c) {
    String n = c.name;
    List<String> report = new ArrayList<>();
    if (n.startsWith("video_op_ttt_linear")) {
      runOp(c, TttVariant.LINEAR, report);
    } else if (n.startsWith("video_op_ttt_mlp")) {
      runOp(c, TttVariant.MLP, report);
    } else if (n.startsWith("video_layer_ttt_linear")) {
      runVideoLayer(c, TttVariant.LINEAR, report);
    } else if (n.startsWith("video_layer_ttt_mlp")) {
      runVideoLayer(c, TttVariant.MLP, report);
    } else if (n.startsWith("lm_layer_ttt_linear")) {
      runLmLayer(c, TttVariant.LINEAR, report);
    } else if (n.startsWith("lm_layer_ttt_mlp")) {
      runLmLayer(c, TttVariant.MLP, report);
    } else {
      throw new AssertionError("unknown golden case prefix: " + n);
    }
    LOG.info("golden {}: {}", n, String.join(", ", report));
  }

  private static InnerWeights weights(GoldenCase c, TttVariant v, int slots, int d, String w1,
      String b1, String w2, String b2) {
    float[] a = c.input(w1);
    int f = a.length / (slots * d);
    boolean mlp = v == TttVariant.MLP;
    return new InnerWeights(v, slots, d, f, a, c.input(b1), mlp ? c.input(w2) : null,
        mlp ? c.input(b2) : null);
  }

  private static void runOp(GoldenCase c, TttVariant v, List<String> report) {
    int bsz = c.intConfig("B");
    int h = c.intConfig("H");
    int nc = c.intConfig("NC");
    int kk = c.intConfig("CS");
    int d = c.intConfig("HD");
    TttConfig cfg = new TttConfig(v, h, d, kk, 1.0, c.doubleConfig("ln_eps", 1e-6), 1e-6, false,
        false, 10000.0);
    assertEquals(cfg.innerHidden(), c.intConfig("inner_hidden"), "inner hidden size");
    TttScanInput in = new TttScanInput(bsz, h, nc, kk, d, c.input("XQ"), c.input("XK"),
        c.input("XV"), c.input("eta"), c.input("ttt_norm_weight"), c.input("ttt_norm_bias"));
    // the op takes [B, H, ...] initial weights, identical over b: use the first batch element
    InnerWeights all = weights(c, v, bsz * h, d, "W1_init", "b1_init", "W2_init", "b2_init");
    InnerWeights init = firstSlots(all, h);
    TttKernel kernel = kernel();
    float[] out = new float[bsz * nc * kk * h * d];
    InnerWeights fin = InnerWeights.zeros(v, bsz * h, d);
    kernel.scan(cfg, in, init, out, fin);
    check(report, "XQW", out, c.output("XQW"));
    checkWeights(c, report, fin, "_final", v);
    if (c.hasOutput("W1_after_mb0")) {
      InnerWeights fin0 = InnerWeights.zeros(v, bsz * h, d);
      kernel.scan(cfg, in.firstChunks(1), init, new float[bsz * kk * h * d], fin0);
      checkWeights(c, report, fin0, "_after_mb0", v);
    }
  }

  private static InnerWeights firstSlots(InnerWeights all, int h) {
    int d = all.headDim();
    int f = all.hidden();
    boolean mlp = all.w2() != null;
    return new InnerWeights(all.variant(), h, d, f,
        java.util.Arrays.copyOf(all.w1(), h * d * f), java.util.Arrays.copyOf(all.b1(), h * f),
        mlp ? java.util.Arrays.copyOf(all.w2(), h * f * d) : null,
        mlp ? java.util.Arrays.copyOf(all.b2(), h * d) : null);
  }

  private static void checkWeights(GoldenCase c, List<String> report, InnerWeights w,
      String suffix, TttVariant v) {
    check(report, "W1" + suffix, w.w1(), c.output("W1" + suffix));
    check(report, "b1" + suffix, w.b1(), c.output("b1" + suffix));
    if (v == TttVariant.MLP) {
      check(report, "W2" + suffix, w.w2(), c.output("W2" + suffix));
      check(report, "b2" + suffix, w.b2(), c.output("b2" + suffix));
    }
  }

  private static void runVideoLayer(GoldenCase c, TttVariant v, List<String> report) {
    int bsz = c.intConfig("B");
    int h = c.intConfig("H");
    int d = c.intConfig("HD");
    int kk = c.intConfig("mini_batch_size");
    TttConfig cfg = new TttConfig(v, h, d, kk, c.doubleConfig("ttt_base_lr", 0.1),
        c.doubleConfig("ttt_ln_eps", 1e-6), c.doubleConfig("post_norm_eps", 1e-6), false, false,
        c.doubleConfig("rope_theta", 10000.0));
    assertEquals(c.intConfig("width"), cfg.width(), "width");
    assertEquals(c.intConfig("inner_hidden"), cfg.innerHidden(), "inner hidden size");
    VideoTttParams p = new VideoTttParams(cfg,
        c.input("wq.weight"), c.input("wq.bias"), c.input("wk.weight"), c.input("wk.bias"),
        c.input("wv.weight"), c.input("wv.bias"), c.input("wo.weight"), c.input("wo.bias"),
        c.input("learnable_ttt_lr_weight"), c.input("learnable_ttt_lr_bias"),
        c.input("ttt_norm_weight"), c.input("ttt_norm_bias"),
        c.input("post_norm.weight"), c.input("post_norm.bias"),
        weights(c, v, h, d, "W1", "b1", "W2", "b2"));
    TttSequence seq = TttSequence.singleSegment(c.intConfig("seq_text_length"),
        c.intConfig("latent_frames_T"), c.intConfig("latent_height"),
        c.intConfig("latent_width"));
    assertEquals(c.intConfig("L"), seq.length(), "sequence length");
    VideoTttLayer layer = new VideoTttLayer(p, kernel());
    VideoTttLayer.Result r = layer.forwardDetailed(c.input("X"), bsz, seq);
    float[][] rope = Rope.videoTable(seq, d, cfg.ropeTheta());
    check(report, "rope_cos", rope[0], c.output("rope_cos"));
    check(report, "rope_sin", rope[1], c.output("rope_sin"));
    check(report, "XQ_mb", r.scanInput().xq(), c.output("XQ_mb"));
    check(report, "XK_mb", r.scanInput().xk(), c.output("XK_mb"));
    check(report, "XV_mb", r.scanInput().xv(), c.output("XV_mb"));
    check(report, "eta_mb", r.scanInput().eta(), c.output("eta_mb"));
    check(report, "XQW", r.xqw(), c.output("XQW"));
    check(report, "output", r.output(), c.output("output"));
    checkWeights(c, report, r.finalState(), "_final", v);
  }

  private static void runLmLayer(GoldenCase c, TttVariant v, List<String> report) {
    int bsz = c.intConfig("B");
    int h = c.intConfig("H");
    int d = c.intConfig("HD");
    int kk = c.intConfig("mini_batch_size");
    TttConfig cfg = new TttConfig(v, h, d, kk, c.doubleConfig("ttt_base_lr", 1.0),
        c.doubleConfig("ttt_ln_eps", 1e-6), c.doubleConfig("post_norm_eps", 1e-6), true, false,
        c.doubleConfig("rope_theta", 10000.0));
    assertEquals(c.intConfig("hidden_size"), cfg.width(), "hidden size");
    LmTttParams p = new LmTttParams(cfg, c.input("q_proj.weight"), c.input("k_proj.weight"),
        c.input("v_proj.weight"), c.input("o_proj.weight"), c.input("learnable_token_idx"),
        c.input("learnable_ttt_lr_weight"), c.input("learnable_ttt_lr_bias"),
        c.input("ttt_norm_weight"), c.input("ttt_norm_bias"),
        c.input("post_norm.weight"), c.input("post_norm.bias"),
        weights(c, v, h, d, "W1", "b1", "W2", "b2"));
    LmTttLayer.Result r = new LmTttLayer(p, kernel()).forward(c.input("X"), bsz);
    int len = c.intConfig("L");
    float[][] rope = Rope.lmTable(len, kk, d, cfg.ropeTheta());
    double[] refCos = c.output("rope_cos");
    double[] refSin = c.output("rope_sin");
    double[] cosPairs = new double[len * d / 2];
    double[] sinPairs = new double[len * d / 2];
    for (int l = 0; l < len; l++) {
      for (int i = 0; i < d / 2; i++) {
        cosPairs[l * d / 2 + i] = refCos[l * d + i];
        sinPairs[l * d / 2 + i] = refSin[l * d + i];
      }
    }
    check(report, "rope_cos", rope[0], cosPairs);
    check(report, "rope_sin", rope[1], sinPairs);
    check(report, "XQ_mb", r.scanInput().xq(), c.output("XQ_mb"));
    check(report, "XK_mb", r.scanInput().xk(), c.output("XK_mb"));
    check(report, "XV_mb", r.scanInput().xv(), c.output("XV_mb"));
    check(report, "eta_mb", r.scanInput().eta(), c.output("eta_mb"));
    check(report, "XQW", r.xqw(), c.output("XQW"));
    check(report, "output", r.output(), c.output("output"));
    checkWeights(c, report, r.finalState(), "_final", v);
  }

  /** Elementwise |x - ref| <= TOL (1 + |ref|); the message names the worst element. */
  static void check(List<String> report, String name, float[] actual, double[] ref) {
    assertEquals(ref.length, actual.length, name + ": element count");
    double worst = -1;
    int at = -1;
    double worstAbs = 0;
    for (int i = 0; i < ref.length; i++) {
      double err = Math.abs(actual[i] - ref[i]);
      double scaled = err / (1 + Math.abs(ref[i]));
      if (Double.isNaN(err)) {
        scaled = Double.POSITIVE_INFINITY;
      }
      if (scaled > worst) {
        worst = scaled;
        at = i;
      }
      worstAbs = Math.max(worstAbs, err);
    }
    report.add(String.format(Locale.ROOT, "%s %.2e", name, worst));
    if (!(worst <= TOL)) {
      throw new AssertionError(String.format(Locale.ROOT,
          "%s: worst |x-ref|/(1+|ref|) = %.3e > %.1e at index %d (ref %.9g, got %.9g);"
              + " worst abs error %.3e", name, worst, TOL, at, ref[at], actual[at], worstAbs));
    }
  }
}
