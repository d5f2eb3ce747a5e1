package io.github.tttvideo.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderCancelledException;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.core.layout.SequenceLayout;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.render.Latents;
import io.github.tttvideo.core.render.RenderPipeline;
import io.github.tttvideo.core.render.SamplerKind;
import io.github.tttvideo.core.spi.Providers;
import io.github.tttvideo.core.ttt.BidirectionalTttBlock;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.JavaTttKernel;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttGates;
import io.github.tttvideo.core.ttt.TttSequence;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.ttt.VideoTttLayer;
import io.github.tttvideo.core.ttt.VideoTttParams;
import io.github.tttvideo.core.weights.WeightStore;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.VideoModel;
import io.github.tttvideo.tck.internal.KitArrays;
import io.github.tttvideo.tck.internal.RawFramesCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The properties every ttt-video backend must meet, as one abstract JUnit 5 test class: a backend
 * adds {@code io.github.tttvideo:ttt-backend-tck} with test scope and extends this class with a
 * few hooks; every {@code @Test} here then runs against that backend.
 *
 * <pre>{@code
 * class OnnxCompatibilityTest extends BackendCompatibilityKit {
 *   protected BackendProvider provider() { return new OnnxBackendProvider(); }
 *   protected Optional<TttLayerProbe> tttLayerProbe() { return Optional.of(new OnnxTttLayerProbe()); }
 *   protected OptionalLong liveNativeResources() { return OptionalLong.of(OnnxMemory.liveTensors()); }
 * }
 * }</pre>
 *
 * <p>The properties, in nested groups:
 *
 * <ol>
 *   <li>{@code TttLayerAgainstCore}: one TTT layer and one gated bidirectional block (linear and
 *       MLP inner models, 1 and 3 segments) agree with ttt-core's oracle within {@value
 *       #LAYER_TOLERANCE} (relative to the output's largest value);
 *   <li>{@code DenoiserAgainstReference}: one denoiser step on the embedded toon model and on tiny
 *       random models agrees with the DJL reference backend within {@value #DENOISER_TOLERANCE},
 *       and the text encoder gives the same embeddings;
 *   <li>{@code Determinism}: the same input gives the same velocity, and the same seed the same
 *       sampled latents, within {@value #DETERMINISM_TOLERANCE};
 *   <li>{@code NativeMemory}: the live native resources the backend reports return to their
 *       baseline after every denoiser call and after a model is closed;
 *   <li>{@code Cancellation}: a render cancelled through {@link RenderControl} (or an interrupt)
 *       before or during sampling or during decoding ends with {@link RenderCancelledException}
 *       and leaves no file behind;
 *   <li>{@code BadInput}: wrong latent or text shapes, non-finite values and unusable model
 *       folders end in {@link InvalidInputException} or {@link ModelLoadException} with a message
 *       that names the problem, never in an engine's own exception;
 *   <li>{@code Discovery}: {@link ServiceLoader} and {@link Providers} find the backend by name.
 * </ol>
 *
 * <p>Everything runs on tiny models (the whole kit takes seconds on a CPU). The models are written
 * once per test class into a temporary folder, which is deleted afterwards.
 *
 * @since 0.1.0
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendCompatibilityKit {

  /** Largest relative error of a TTT layer or block against ttt-core. */
  public static final double LAYER_TOLERANCE = 1e-4;

  /** Largest relative error of a denoiser step against the DJL reference backend. */
  public static final double DENOISER_TOLERANCE = 1e-4;

  /** Largest relative difference between two runs with the same input or seed. */
  public static final double DETERMINISM_TOLERANCE = 1e-6;

  private static final Logger LOG = LoggerFactory.getLogger(BackendCompatibilityKit.class);
  private static final String PROMPT = "Tom the orange cat chases Jerry to the left.";

  private Path work;
  private Path tinyLinear;
  private Path tinyMlp;

  /** Creates the kit; subclasses need no constructor arguments (JUnit instantiates them). */
  protected BackendCompatibilityKit() {}

  // ---------------------------------------------------------------- hooks

  /**
   * The backend under test, as {@link ServiceLoader} would create it.
   *
   * @return a provider
   */
  protected abstract BackendProvider provider();

  /**
   * The options the backend is loaded with (CPU, one intra-op thread, float32 by default, so that
   * results are reproducible). A GPU subclass may override this and loosen the tolerances with
   * {@link #denoiserTolerance()}.
   *
   * @return the options
   */
  protected BackendOptions options() {
    return new BackendOptions("cpu", 1, "float32");
  }

  /**
   * The backend's own TTT layer, for the comparison with ttt-core. A backend whose TTT layer
   * cannot be run on its own returns empty, and the layer properties are skipped with a reason
   * (the denoiser properties still cover the layer inside the network).
   *
   * @return the probe, or empty
   */
  protected abstract Optional<TttLayerProbe> tttLayerProbe();

  /**
   * The native resources the backend holds right now, in any unit that returns to the same value
   * when everything a call created is released: live tensors, native bytes allocated by the
   * engine, open sessions. Read after each call; it must be exact (no garbage-collector lag), so
   * the process's resident size does not qualify. Empty skips the memory properties with a reason.
   *
   * @return the count, or empty when the backend cannot report one
   */
  protected abstract OptionalLong liveNativeResources();

  /**
   * The backend the denoiser step is compared with: the DJL backend on the CPU in float32.
   *
   * @return the reference provider
   */
  protected BackendProvider referenceProvider() {
    return new DjlBackendProvider();
  }

  /**
   * Largest relative error of a denoiser step against the reference; {@value #DENOISER_TOLERANCE}
   * unless a subclass running another precision or device documents a larger one.
   *
   * @return the tolerance
   */
  protected double denoiserTolerance() {
    return DENOISER_TOLERANCE;
  }

  // ---------------------------------------------------------------- fixtures

  @BeforeAll
  void writeModels() throws IOException {
    work = Files.createTempDirectory("ttt-tck-");
    tinyLinear = KitModels.writeTiny(TttVariant.LINEAR, 11, work.resolve("tiny-linear"));
    tinyMlp = KitModels.writeTiny(TttVariant.MLP, 12, work.resolve("tiny-mlp"));
  }

  @AfterAll
  void deleteModels() throws IOException {
    if (work == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(work)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private VideoModel load(Path dir) {
    VideoModel m = provider().load(dir, options());
    assertNotNull(m, provider().name() + " returned no model for " + dir);
    return m;
  }

  private VideoModel loadReference(Path dir) {
    return referenceProvider().load(dir, new BackendOptions("cpu", 1, "float32"));
  }

  private Path freshFolder(String name) {
    try {
      return Files.createDirectories(Files.createTempDirectory(work, name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A denoiser input for a model directory: Gaussian latents and text embeddings. */
  private static DenoiseInput input(Path dir, int segments, int timestep, long seed) {
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    SequenceLayout layout = SequenceLayout.of(segments, c);
    int frames = layout.latentFrames();
    // [Nf, C, h, w]
    float[] z = KitArrays.gaussian(
        frames * c.latentChannels() * c.latentHeight() * c.latentWidth(), seed, 1.0);
    // [n, Tt, textDim]
    float[] text = KitArrays.gaussian(layout.textTokens() * c.textDim(), seed + 1, 1.0);
    return new DenoiseInput(z, frames, text, segments, layout.textTokensPerSegment(), timestep);
  }

  private RenderOptions renderOptions(long seed, int steps) {
    BackendOptions o = options();
    return RenderOptions.builder().seed(seed).steps(steps).device(o.device())
        .threads(o.threads()).build();
  }

  private VideoStory story(Path model, int segments, long seed, int steps) {
    Scene scene = Scene.of(PROMPT);
    for (int i = 1; i < segments; i++) {
      scene = scene.then("Jerry hides in a hole while Tom waits.");
    }
    return VideoStory.builder().model(model).scene(scene).options(renderOptions(seed, steps))
        .build();
  }

  private RenderPipeline pipeline() {
    return RenderPipeline.builder().backend(provider()).codec(new RawFramesCodec())
        .sampler(SamplerKind.DDIM).build();
  }

  private OptionalLong live() {
    return liveNativeResources();
  }

  private long requireLive() {
    OptionalLong l = live();
    assumeTrue(l.isPresent(), () -> provider().name() + " reports no live native resources"
        + " (liveNativeResources() is empty): the memory properties are skipped");
    return l.getAsLong();
  }

  /**
   * Runs {@code call} and checks that it fails with one of the kit's accepted exceptions and a
   * message that contains every word (case-insensitive). Anything else, an engine's own exception
   * above all, fails with the exception as cause.
   */
  private static Throwable assertRejected(String what, Executable call, List<String> words,
      Class<?>... accepted) {
    Throwable thrown = null;
    try {
      call.execute();
    } catch (Throwable t) {
      thrown = t;
    }
    if (thrown == null) {
      return fail(what + ": expected a rejection, but the call returned normally");
    }
    for (Class<?> a : accepted) {
      if (a.isInstance(thrown)) {
        String m = thrown.getMessage() == null ? "" : thrown.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        for (String w : words) {
          assertTrue(lower.contains(w.toLowerCase(Locale.ROOT)),
              what + ": the message should name \"" + w + "\", got: " + m);
        }
        LOG.info("{}: rejected with {}: {}", what, thrown.getClass().getSimpleName(), m);
        return thrown;
      }
    }
    throw new AssertionError(what + ": expected " + names(accepted) + ", got "
        + thrown.getClass().getName() + ": " + thrown.getMessage(), thrown);
  }

  private static String names(Class<?>[] types) {
    List<String> n = new ArrayList<>();
    for (Class<?> t : types) {
      n.add(t.getSimpleName());
    }
    return String.join(" or ", n);
  }

  private static void assertNoFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      List<Path> left = s.toList();
      assertTrue(left.isEmpty(), "files left behind: " + left);
    }
  }

  // ---------------------------------------------------------------- 1. TTT layer

  /**
   * The backend's TTT layer and gated bidirectional block against ttt-core on random inputs.
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("TTT layer against ttt-core")
  class TttLayerAgainstCore {

    /** A base lr large enough that the inner updates change the outputs visibly. */
    private TttConfig config(TttVariant v) {
      return TttConfig.video(v, 2, 16).withMiniBatch(16).withBaseLr(v == TttVariant.MLP ? 5 : 10);
    }

    /** Seeded parameters with non-trivial norms, biases, inner weights and learning rates. */
    private VideoTttParams params(TttConfig cfg, long seed) {
      VideoTttParams p = VideoTttParams.init(cfg, seed);
      int h = cfg.heads();
      int d = cfg.headDim();
      InnerWeights in = p.inner();
      boolean mlp = in.w2() != null;
      InnerWeights inner = new InnerWeights(in.variant(), in.slots(), in.headDim(), in.hidden(),
          KitArrays.gaussian(in.w1().length, seed + 7, 0.3),
          KitArrays.gaussian(in.b1().length, seed + 1, 0.1),
          mlp ? KitArrays.gaussian(in.w2().length, seed + 8, 0.3) : null,
          mlp ? KitArrays.gaussian(in.b2().length, seed + 2, 0.1) : null);
      float[] lnWeight = KitArrays.gaussian(h * d, seed + 3, 0.2);
      for (int i = 0; i < lnWeight.length; i++) {
        lnWeight[i] += 1f;
      }
      return new VideoTttParams(cfg, p.wq(), p.bq(), p.wk(), p.bk(), p.wv(), p.bv(), p.wo(),
          p.bo(), KitArrays.gaussian(h * cfg.width(), seed + 9, 0.3),
          KitArrays.gaussian(h, seed + 4, 0.5), lnWeight,
          KitArrays.gaussian(h * d, seed + 5, 0.1), KitArrays.gaussian(cfg.width(), seed + 6, 0.1),
          p.postNormBias(), inner);
    }

    /** The real layout of a story of {@code segments} on the tiny model: interleaved scan. */
    private TttSequence sequence(TttVariant v, int segments) {
      return SequenceLayout.of(segments, KitModels.tinyConfig(v)).toTttSequence();
    }

    private TttLayerProbe probe() {
      Optional<TttLayerProbe> p = tttLayerProbe();
      assumeTrue(p.isPresent(), () -> provider().name() + " exposes no TTT layer probe"
          + " (tttLayerProbe() is empty): the layer is covered only inside the denoiser step");
      return p.get();
    }

    @TestFactory
    @DisplayName("one TTT layer matches VideoTttLayer")
    Stream<DynamicTest> layerMatchesCore() {
      List<DynamicTest> tests = new ArrayList<>();
      for (TttVariant v : TttVariant.values()) {
        for (int segments : new int[] {1, 3}) {
          int batch = segments == 1 ? 2 : 1;
          tests.add(DynamicTest.dynamicTest(v + ", " + segments + " segment(s), batch " + batch,
              () -> {
                TttConfig cfg = config(v);
                VideoTttParams p = params(cfg, 31 + segments);
                TttSequence seq = sequence(v, segments);
                // [B, L, D]
                float[] x = KitArrays.gaussian(batch * seq.length() * cfg.width(), 5, 1.0);
                float[] ref = new VideoTttLayer(p, new JavaTttKernel(1)).forward(x, batch, seq);
                float[] got = probe().layer(p, seq, x.clone(), batch);
                double e = KitArrays.relativeError(got, ref);
                LOG.info("{}: TTT-{} layer, {} segment(s): relative error {}", provider().name(),
                    v, segments, e);
                assertTrue(e <= LAYER_TOLERANCE, "TTT-" + v + " layer, " + segments
                    + " segment(s): relative error " + e + " > " + LAYER_TOLERANCE);
              }));
        }
      }
      return tests.stream();
    }

    @TestFactory
    @DisplayName("one gated bidirectional TTT block matches BidirectionalTttBlock")
    Stream<DynamicTest> bidirectionalBlockMatchesCore() {
      List<DynamicTest> tests = new ArrayList<>();
      for (TttVariant v : TttVariant.values()) {
        for (int segments : new int[] {1, 3}) {
          tests.add(DynamicTest.dynamicTest(v + ", " + segments + " segment(s)", () -> {
            TttConfig cfg = config(v);
            VideoTttParams p = params(cfg, 41 + segments);
            TttSequence seq = sequence(v, segments);
            int w = cfg.width();
            TttGates gates = new TttGates(KitArrays.gaussian(w, 50, 1.0),
                KitArrays.gaussian(w, 51, 1.0), KitArrays.gaussian(w, 52, 1.0),
                KitArrays.gaussian(w, 53, 1.0));
            // [1, L, D]
            float[] x = KitArrays.gaussian(seq.length() * w, 8, 1.0);
            float[] ref = new BidirectionalTttBlock(new VideoTttLayer(p, new JavaTttKernel(1)),
                gates).forward(x, 1, seq);
            float[] got = probe().bidirectionalBlock(p, gates, seq, x.clone(), 1);
            double e = KitArrays.relativeError(got, ref);
            LOG.info("{}: bidirectional TTT-{} block, {} segment(s): relative error {}",
                provider().name(), v, segments, e);
            assertTrue(e <= LAYER_TOLERANCE, "bidirectional TTT-" + v + " block, " + segments
                + " segment(s): relative error " + e + " > " + LAYER_TOLERANCE);
          }));
        }
      }
      return tests.stream();
    }
  }

  // ---------------------------------------------------------------- 2. denoiser step

  /**
   * One denoiser step and the text encoder against the DJL reference backend. When the backend
   * under test is the reference itself, this compares two independently loaded models (the
   * layers are then checked against ttt-core by {@code TttLayerAgainstCore}).
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("denoiser step against the DJL reference")
  class DenoiserAgainstReference {

    private void assertStepMatches(String what, Path dir, int segments, int timestep) {
      DenoiseInput in = input(dir, segments, timestep, 100 + segments);
      float[] ref;
      try (VideoModel r = loadReference(dir)) {
        ref = r.predictVelocity(in);
      }
      float[] got;
      try (VideoModel m = load(dir)) {
        got = m.predictVelocity(in);
      }
      assertEquals(in.latents().length, got.length, what + ": velocity length");
      double e = KitArrays.relativeError(got, ref);
      LOG.info("{} vs {}: {}, {} segment(s), t={}: relative error {}", provider().name(),
          referenceProvider().name(), what, segments, timestep, e);
      assertTrue(e <= denoiserTolerance(), what + ", " + segments + " segment(s), t="
          + timestep + ": relative error " + e + " > " + denoiserTolerance());
    }

    @Test
    void toonModelStepMatchesReference() {
      assertStepMatches("toon", KitModels.toon(), 1, 500);
    }

    @Test
    void toonModelTwoSegmentStepMatchesReference() {
      assertStepMatches("toon", KitModels.toon(), 2, 900);
    }

    @Test
    void tinyLinearModelStepMatchesReference() {
      assertStepMatches("tiny TTT-Linear", tinyLinear, 3, 250);
    }

    @Test
    void tinyMlpModelStepMatchesReference() {
      assertStepMatches("tiny TTT-MLP", tinyMlp, 2, 999);
    }

    @Test
    void textEncoderMatchesReference() {
      Path dir = KitModels.toon();
      int tokens = ModelConfigReader.fromDirectory(dir).textTokensPerSegment();
      float[] ref;
      try (VideoModel r = loadReference(dir)) {
        ref = r.textEncoder().encode(PROMPT, tokens);
      }
      try (VideoModel m = load(dir)) {
        assertEquals(ModelConfigReader.fromDirectory(dir).textDim(),
            m.textEncoder().dimension(), "text encoder width");
        float[] got = m.textEncoder().encode(PROMPT, tokens);
        double e = KitArrays.relativeError(got, ref);
        assertTrue(e <= DETERMINISM_TOLERANCE, "text embedding relative error " + e);
      }
    }
  }

  // ---------------------------------------------------------------- 3. determinism

  /**
   * The same input gives the same velocity; the same seed the same sampled latents.
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("determinism")
  class Determinism {

    @Test
    void sameInputGivesSameVelocityOnOneModelAndOnASecondLoad() {
      DenoiseInput in = input(tinyMlp, 2, 600, 7);
      float[] first;
      float[] again;
      try (VideoModel m = load(tinyMlp)) {
        first = m.predictVelocity(in);
        again = m.predictVelocity(in);
      }
      float[] reloaded;
      try (VideoModel m = load(tinyMlp)) {
        reloaded = m.predictVelocity(in);
      }
      assertTrue(KitArrays.relativeError(again, first) <= DETERMINISM_TOLERANCE,
          "second call differs: " + KitArrays.relativeError(again, first));
      assertTrue(KitArrays.relativeError(reloaded, first) <= DETERMINISM_TOLERANCE,
          "second load differs: " + KitArrays.relativeError(reloaded, first));
    }

    @Test
    void sameSeedGivesSameLatentsAndAnotherSeedOthers() {
      RenderPipeline p = pipeline();
      float[] a = p.sample(story(tinyLinear, 2, 42, 3), ProgressListener.none(),
          new RenderControl()).data();
      float[] b = p.sample(story(tinyLinear, 2, 42, 3), ProgressListener.none(),
          new RenderControl()).data();
      Latents c = p.sample(story(tinyLinear, 2, 43, 3), ProgressListener.none(),
          new RenderControl());
      double same = KitArrays.relativeError(b, a);
      LOG.info("{}: two renders with seed 42 differ by {} (relative)", provider().name(), same);
      assertTrue(same <= DETERMINISM_TOLERANCE, "same seed, relative difference " + same);
      assertTrue(KitArrays.relativeError(c.data(), a) > 1e-3, "seeds 42 and 43 gave the same"
          + " latents: the seed does not reach the backend's input");
    }
  }

  // ---------------------------------------------------------------- 4. native memory

  /**
   * Live native resources return to their baseline after each call and after a model is closed.
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("native memory")
  class NativeMemory {

    @Test
    void liveResourcesReturnToBaselineAfterEveryDenoiserCall() {
      requireLive();
      DenoiseInput in = input(tinyMlp, 2, 500, 4);
      try (VideoModel m = load(tinyMlp)) {
        // warm-up: caches an engine fills once belong to the baseline
        m.predictVelocity(in);
        m.predictVelocity(in);
        long baseline = live().getAsLong();
        for (int i = 0; i < 20; i++) {
          m.predictVelocity(in);
          assertEquals(baseline, live().getAsLong(), "live native resources after call " + i);
        }
        try (LatentDecoder d = m.openDecoder()) {
          d.decodeNext(in.latents(), in.latentFrames());
        }
        assertEquals(baseline, live().getAsLong(), "live native resources after decoding");
        LOG.info("{}: live native resources {} before and after 20 denoiser calls",
            provider().name(), baseline);
      }
    }

    @Test
    void liveResourcesReturnToBaselineAfterAModelIsClosed() {
      long before = requireLive();
      DenoiseInput in = input(tinyLinear, 1, 300, 5);
      for (int round = 0; round < 3; round++) {
        try (VideoModel m = load(tinyLinear)) {
          m.predictVelocity(in);
          try (LatentDecoder d = m.openDecoder()) {
            d.decodeNext(in.latents(), in.latentFrames());
          }
        }
        assertEquals(before, live().getAsLong(),
            "live native resources after closing model " + (round + 1));
      }
    }

    @Test
    void liveResourcesReturnToBaselineAfterARejectedCall() {
      requireLive();
      DenoiseInput good = input(tinyLinear, 1, 300, 5);
      float[] nan = good.latents().clone();
      nan[nan.length / 2] = Float.NaN;
      try (VideoModel m = load(tinyLinear)) {
        m.predictVelocity(good);
        long baseline = live().getAsLong();
        assertThrows(InvalidInputException.class, () -> m.predictVelocity(new DenoiseInput(nan,
            good.latentFrames(), good.text(), 1, good.textTokensPerSegment(), 300)));
        assertEquals(baseline, live().getAsLong(), "live native resources after a rejection");
      }
    }
  }

  // ---------------------------------------------------------------- 5. cancellation

  /**
   * A render cancelled through {@link RenderControl} stops and leaves no file behind.
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("cancellation")
  class Cancellation {

    @Test
    void uncancelledRenderWritesItsFile() throws IOException {
      Path folder = freshFolder("complete");
      Path out = folder.resolve("story.mp4");
      RenderedVideo v = pipeline().render(story(tinyLinear, 1, 1, 2), out,
          ProgressListener.none(), new RenderControl());
      assertTrue(Files.isRegularFile(out), "no file " + out);
      assertTrue(v.frames() > 0, "no frames written");
      try (Stream<Path> s = Files.list(folder)) {
        assertEquals(List.of(out), s.toList(), "only the video may be in " + folder);
      }
    }

    @Test
    void cancelledBeforeTheFirstStepStopsAndLeavesNoFile() throws IOException {
      Path folder = freshFolder("cancel-first");
      RenderControl control = new RenderControl();
      control.cancel();
      assertThrows(RenderCancelledException.class, () -> pipeline().render(
          story(tinyLinear, 1, 1, 3), folder.resolve("story.mp4"), ProgressListener.none(),
          control));
      assertNoFiles(folder);
    }

    @Test
    void cancelledDuringSamplingStopsAtTheNextStepAndLeavesNoFile() throws IOException {
      Path folder = freshFolder("cancel-sampling");
      long before = live().orElse(0);
      RenderControl control = new RenderControl();
      AtomicInteger steps = new AtomicInteger();
      ProgressListener cancelAfterOne = new ProgressListener() {
        @Override
        public void onStep(int step, int total, Duration elapsed, Duration eta) {
          steps.incrementAndGet();
          control.cancel();
        }
      };
      assertThrows(RenderCancelledException.class, () -> pipeline().render(
          story(tinyLinear, 2, 1, 5), folder.resolve("story.mp4"), cancelAfterOne, control));
      assertEquals(1, steps.get(), "steps run after the cancellation");
      assertNoFiles(folder);
      assertEquals(before, live().orElse(0), "live native resources after a cancelled render");
    }

    @Test
    void cancelledDuringDecodingStopsAndLeavesNoFile() throws IOException {
      Path folder = freshFolder("cancel-decoding");
      long before = live().orElse(0);
      RenderControl control = new RenderControl();
      AtomicInteger decoded = new AtomicInteger();
      ProgressListener cancelAfterFirstSegment = new ProgressListener() {
        @Override
        public void onSegmentDecoded(int index, int total, int frames, Duration elapsed) {
          decoded.incrementAndGet();
          control.cancel();
        }
      };
      assertThrows(RenderCancelledException.class, () -> pipeline().render(
          story(tinyLinear, 3, 1, 1), folder.resolve("story.mp4"), cancelAfterFirstSegment,
          control));
      assertEquals(1, decoded.get(), "segments decoded after the cancellation");
      assertNoFiles(folder);
      assertEquals(before, live().orElse(0), "live native resources after a cancelled render");
    }

    @Test
    void interruptedRenderStopsAndLeavesNoFile() throws IOException {
      Path folder = freshFolder("interrupt");
      ProgressListener interrupt = new ProgressListener() {
        @Override
        public void onStep(int step, int total, Duration elapsed, Duration eta) {
          Thread.currentThread().interrupt();
        }
      };
      try {
        RenderCancelledException e = assertThrows(RenderCancelledException.class,
            () -> pipeline().render(story(tinyLinear, 1, 1, 3), folder.resolve("story.mp4"),
                interrupt, new RenderControl()));
        assertTrue(e.getMessage().contains("interrupt"), e.getMessage());
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt flag must stay set");
      }
      assertNoFiles(folder);
    }
  }

  // ---------------------------------------------------------------- 6. bad input

  /**
   * Bad input ends in the SDK's exceptions, with a message that names the problem.
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("bad input")
  class BadInput {

    private final List<String> latents = List.of("latent");
    private final List<String> text = List.of("text");

    private VideoModel model;
    private DenoiseInput good;
    private ModelConfig config;

    private void withModel(ModelTest t) throws Throwable {
      config = ModelConfigReader.fromDirectory(tinyLinear);
      good = input(tinyLinear, 2, 400, 9);
      try (VideoModel m = load(tinyLinear)) {
        model = m;
        t.run();
        // a rejected call leaves the model usable
        assertEquals(good.latents().length, m.predictVelocity(good).length,
            "the model still works after a rejected call");
      }
    }

    private int frameSize() {
      return config.latentChannels() * config.latentHeight() * config.latentWidth();
    }

    @Test
    void latentsWithTooFewFramesAreRejected() throws Throwable {
      withModel(() -> {
        int frames = good.latentFrames() - 1;
        float[] z = new float[frames * frameSize()];
        assertRejected("latents with one frame too few", () -> model.predictVelocity(
            new DenoiseInput(z, frames, good.text(), good.segments(),
                good.textTokensPerSegment(), 400)), latents, InvalidInputException.class);
      });
    }

    @Test
    void latentsWithTheWrongFrameSizeAreRejected() throws Throwable {
      withModel(() -> {
        int frames = good.latentFrames();
        // one channel too many: [Nf, C + 1, h, w]
        float[] z = new float[frames * (frameSize() + config.latentHeight()
            * config.latentWidth())];
        assertRejected("latents with one channel too many", () -> model.predictVelocity(
            new DenoiseInput(z, frames, good.text(), good.segments(),
                good.textTokensPerSegment(), 400)), latents, InvalidInputException.class);
      });
    }

    @Test
    void nanLatentsAreRejected() throws Throwable {
      withModel(() -> {
        float[] z = good.latents().clone();
        z[z.length / 3] = Float.NaN;
        InvalidInputException e = (InvalidInputException) assertRejected("latents with a NaN", () -> model.predictVelocity(
            new DenoiseInput(z, good.latentFrames(), good.text(), good.segments(),
                good.textTokensPerSegment(), 400)), latents, InvalidInputException.class);
        assertNamesNonFinite(e);
      });
    }

    @Test
    void infiniteTextEmbeddingsAreRejected() throws Throwable {
      withModel(() -> {
        float[] t = good.text().clone();
        t[1] = Float.POSITIVE_INFINITY;
        InvalidInputException e = (InvalidInputException) assertRejected("text with an infinity", () ->
            model.predictVelocity(new DenoiseInput(good.latents(), good.latentFrames(), t,
                good.segments(), good.textTokensPerSegment(), 400)), text,
            InvalidInputException.class);
        assertNamesNonFinite(e);
      });
    }

    private void assertNamesNonFinite(InvalidInputException e) {
      String m = e.getMessage().toLowerCase(Locale.ROOT);
      assertTrue(m.contains("nan") || m.contains("finite") || m.contains("infinit"),
          "the message should say the value is not finite: " + e.getMessage());
    }

    @Test
    void textWithTheWrongTokenCountIsRejected() throws Throwable {
      withModel(() -> {
        int tt = good.textTokensPerSegment() + 1;
        float[] t = new float[good.segments() * tt * config.textDim()];
        assertRejected("text with one token too many per segment", () ->
            model.predictVelocity(new DenoiseInput(good.latents(), good.latentFrames(), t,
                good.segments(), tt, 400)), text, InvalidInputException.class);
      });
    }

    @Test
    void textOfTheWrongWidthIsRejected() throws Throwable {
      withModel(() -> {
        float[] t = new float[good.segments() * good.textTokensPerSegment()
            * (config.textDim() / 2)];
        assertRejected("text embeddings of half the width", () ->
            model.predictVelocity(new DenoiseInput(good.latents(), good.latentFrames(), t,
                good.segments(), good.textTokensPerSegment(), 400)), text,
            InvalidInputException.class);
      });
    }

    @Test
    void decoderRejectsLatentsOfTheWrongSize() throws Throwable {
      withModel(() -> {
        try (LatentDecoder d = model.openDecoder()) {
          float[] z = new float[3 * frameSize() - 1];
          assertRejected("a decoder call with a partial frame", () -> d.decodeNext(z, 3),
              latents, InvalidInputException.class);
        }
      });
    }

    @Test
    void missingModelFolderIsRejectedNamingIt() {
      Path missing = work.resolve("no-such-model");
      assertRejected("a missing model folder", () -> provider().load(missing, options()),
          List.of("no-such-model"), InvalidInputException.class, ModelLoadException.class);
    }

    @Test
    void modelFolderWithoutWeightsIsRejected() throws IOException {
      Path dir = freshFolder("no-weights");
      Files.copy(tinyLinear.resolve(ModelConfigReader.FILE_NAME),
          dir.resolve(ModelConfigReader.FILE_NAME));
      assertRejected("a model folder with no weights", () -> provider().load(dir, options()),
          List.of("safetensors"), InvalidInputException.class, ModelLoadException.class);
    }

    @Test
    void truncatedWeightsAreRejected() throws IOException {
      Path dir = freshFolder("truncated");
      try (Stream<Path> s = Files.list(tinyLinear)) {
        for (Path f : s.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
      Path weights = dir.resolve(WeightStore.SINGLE_FILE);
      byte[] all = Files.readAllBytes(weights);
      Files.write(weights, java.util.Arrays.copyOf(all, all.length / 2));
      assertRejected("a truncated weights file", () -> provider().load(dir, options()),
          List.of(WeightStore.SINGLE_FILE), InvalidInputException.class,
          ModelLoadException.class);
    }
  }

  /** A check that needs a loaded model. */
  @FunctionalInterface
  private interface ModelTest {
    void run() throws Throwable;
  }

  // ---------------------------------------------------------------- 7. discovery

  /**
   * The backend is found by {@link ServiceLoader} and {@link Providers} by its name.
   *
   * @since 0.1.0
   */
  @Nested
  @DisplayName("discovery")
  class Discovery {

    @Test
    void serviceLoaderFindsTheProviderByName() {
      String name = provider().name();
      assertFalse(name == null || name.isBlank(), "the provider needs a name");
      List<BackendProvider> found = ServiceLoader.load(BackendProvider.class).stream()
          .map(ServiceLoader.Provider::get).filter(b -> name.equals(b.name())).toList();
      assertEquals(1, found.size(), "providers named " + name + " on the class path: " + found
          + " (is META-INF/services/" + BackendProvider.class.getName() + " in the jar?)");
      assertSame(provider().getClass(), found.get(0).getClass());
    }

    @Test
    void providersPicksTheBackendWhenPinnedByName() {
      BackendProvider chosen = Providers.backend(provider().name());
      assertSame(provider().getClass(), chosen.getClass());
    }

    @Test
    void backendCanRunHere() {
      Optional<String> why = provider().unavailableReason();
      assertTrue(why.isEmpty(), () -> provider().name() + " says it cannot run: " + why.get());
    }
  }
}
