package io.github.tttvideo.core.testing;

import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.sampling.GaussianNoise;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.DenoiseInput;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.TextEncoder;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in backend named {@code fake} (rank -100, so a real backend wins): its
 * text encoder hashes the text, its "network" is a simple function of latents, text and
 * timestep, and its decoder paints every latent frame's pixel frames (1 for the very first, 4 for
 * every other) in a colour made from the frame's channel means.
 *
 * <p>Static counters let tests see what the pipeline did; call {@link #reset()} before each test.
 */
public final class FakeBackendProvider implements BackendProvider {

  /** predictVelocity calls since the last reset. */
  public static final AtomicInteger CALLS = new AtomicInteger();
  /** Models loaded since the last reset. */
  public static final AtomicInteger LOADS = new AtomicInteger();
  /** Open models (loaded and not closed). */
  public static final AtomicInteger OPEN = new AtomicInteger();
  /** One entry per predictVelocity call: the timestep and the first text value. */
  public static final List<Call> CALL_LOG = Collections.synchronizedList(new ArrayList<>());
  /** Decoding throws at this segment (0-based); -1 never. */
  public static volatile int failDecodeAtSegment = -1;

  /** One denoiser call as the fake saw it. */
  public record Call(int timestep, float firstText, int segments) {}

  /** Clears the counters and the failure switch. */
  public static void reset() {
    CALLS.set(0);
    LOADS.set(0);
    OPEN.set(0);
    CALL_LOG.clear();
    failDecodeAtSegment = -1;
  }

  /** Creates the provider. */
  public FakeBackendProvider() {}

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int rank() {
    return -100;
  }

  @Override
  public VideoModel load(Path modelDirectory, BackendOptions options) {
    ModelConfig config = ModelConfigReader.fromDirectory(modelDirectory);
    LOADS.incrementAndGet();
    OPEN.incrementAndGet();
    return new Model(config);
  }

  /** The fake text encoder, usable on its own to predict embeddings. */
  public static final class Encoder implements TextEncoder {
    private final int dim;

    /**
     * Creates it.
     *
     * @param dim embedding width
     */
    public Encoder(int dim) {
      this.dim = dim;
    }

    @Override
    public int dimension() {
      return dim;
    }

    @Override
    public float[] encode(String text, int tokens) {
      GaussianNoise g = new GaussianNoise(text.hashCode() * 0x9E3779B97F4A7C15L + 1);
      float[] out = new float[tokens * dim];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (g.nextOpenUniform() * 2 - 1);
      }
      return out;
    }
  }

  static final class Model implements VideoModel {
    private final ModelConfig config;
    private final Encoder encoder;

    Model(ModelConfig config) {
      this.config = config;
      this.encoder = new Encoder(config.textDim());
    }

    @Override
    public TextEncoder textEncoder() {
      return encoder;
    }

    @Override
    public float[] predictVelocity(DenoiseInput in) {
      CALLS.incrementAndGet();
      CALL_LOG.add(new Call(in.timestep(), in.text()[0], in.segments()));
      float[] x = in.latents();
      float[] text = in.text();
      int perFrame = x.length / in.latentFrames();
      int perSegmentText = text.length / in.segments();
      float[] v = new float[x.length];
      for (int k = 0; k < x.length; k++) {
        int frame = k / perFrame;
        int segment = Math.min(in.segments() - 1, Math.max(0, (frame - 1) / 12));
        float tv = text[segment * perSegmentText + k % perSegmentText];
        v[k] = (float) (0.5 * x[k] - 0.4 * tv + 0.0005 * in.timestep() * Math.sin(k));
      }
      return v;
    }

    @Override
    public LatentDecoder openDecoder() {
      return new Decoder(config);
    }

    @Override
    public void close() {
      OPEN.decrementAndGet();
    }
  }

  static final class Decoder implements LatentDecoder {
    private final ModelConfig config;
    private int segment;

    Decoder(ModelConfig config) {
      this.config = config;
    }

    @Override
    public List<VideoFrame> decodeNext(float[] latents, int latentFrames) {
      if (segment == failDecodeAtSegment) {
        throw new IllegalStateException("fake decoder failure at segment " + segment);
      }
      int w = config.pixelWidth();
      int h = config.pixelHeight();
      int c = config.latentChannels();
      int plane = config.latentHeight() * config.latentWidth();
      List<VideoFrame> out = new ArrayList<>();
      for (int f = 0; f < latentFrames; f++) {
        double[] mean = new double[Math.max(2, c)];
        for (int ch = 0; ch < c; ch++) {
          double s = 0;
          for (int p = 0; p < plane; p++) {
            s += latents[(f * c + ch) * plane + p];
          }
          mean[ch] = s / plane;
        }
        int r = clamp(128 + 100 * mean[0]);
        int g = clamp(128 + 100 * mean[1]);
        int b = clamp(128 + 100 * (mean[0] - mean[1]));
        int copies = segment == 0 && f == 0 ? 1 : 4;
        for (int k = 0; k < copies; k++) {
          byte[] rgb = new byte[w * h * 3];
          for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
          }
          out.add(new VideoFrame(w, h, rgb));
        }
      }
      segment++;
      return out;
    }

    private static int clamp(double v) {
      return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Override
    public void close() {}
  }
}
