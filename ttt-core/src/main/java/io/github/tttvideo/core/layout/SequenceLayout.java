package io.github.tttvideo.core.layout;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.ttt.TttSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The token layout of a story of n 3-second segments for one model: how many text tokens and
 * latent frames each segment has, the text-first order of the DiT, the interleaved order the TTT
 * layers scan, the segment-local attention windows and the 3D RoPE positions.
 *
 * <p>With F latent frames per segment (12), S tokens per latent frame and Tt text tokens per
 * segment ({@link TextTokenRule}): Nf = F*n + 1 latent frames (the first segment owns F + 1),
 * 4*(Nf - 1) + 1 pixel frames, L = n*Tt + Nf*S tokens. The text-first order is all texts, then all
 * video tokens in (frame, row, column) order; the scan order is text_0, video_0, text_1, video_1,
 * ... Attention window i covers text_i and latent frames F*i .. F*i + F.
 *
 * <pre>{@code
 * SequenceLayout layout = SequenceLayout.of(3, ModelConfig.preset("5B"));
 * layout.latentFrames();        // 37
 * layout.totalTokens();         // 51456
 * TttSequence seq = layout.toTttSequence();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SequenceLayout {

  private final ModelConfig config;
  private final int segments;
  private final int textPerSegment;
  private final int framesPerSegment;
  private final int frames;
  private final int tokensPerFrame;
  private final int length;
  private final List<SegmentSpan> spans;
  private final List<AttentionWindow> windows;

  private SequenceLayout(int segments, ModelConfig config) {
    this.config = config;
    this.segments = segments;
    this.textPerSegment = TextTokenRule.textTokensPerSegment(segments, config);
    this.framesPerSegment = config.latentFramesPerSegment();
    this.frames = Math.toIntExact((long) framesPerSegment * segments + 1);
    this.tokensPerFrame = config.tokensPerFrame();
    this.length = Math.toIntExact(
        (long) segments * textPerSegment + (long) frames * tokensPerFrame);
    this.spans = buildSpans();
    this.windows = buildWindows();
  }

  /**
   * The layout of a story of n segments.
   *
   * @param segments n, from 1 to the model's maximum
   * @param config the model config
   * @return the layout
   * @throws InvalidInputException if n is out of range or no text length fits the mini-batch rule
   */
  public static SequenceLayout of(int segments, ModelConfig config) {
    if (segments < 1) {
      throw new InvalidInputException("segments must be >= 1, got " + segments);
    }
    if (segments > config.maxSegments()) {
      throw new InvalidInputException("a story of " + segments + " segments (" + 3 * segments
          + " s) is longer than model " + config.name() + " supports: at most "
          + config.maxSegments() + " segments (" + 3 * config.maxSegments() + " s)");
    }
    return new SequenceLayout(segments, config);
  }

  /**
   * The layout of a story.
   *
   * @param story the story
   * @param config the model config
   * @return the layout
   */
  public static SequenceLayout of(VideoStory story, ModelConfig config) {
    return of(story.segmentCount(), config);
  }

  private List<SegmentSpan> buildSpans() {
    List<SegmentSpan> out = new ArrayList<>(segments);
    int textTotal = segments * textPerSegment;
    int scan = 0;
    for (int i = 0; i < segments; i++) {
      int first = i == 0 ? 0 : framesPerSegment * i + 1;
      int count = i == 0 ? framesPerSegment + 1 : framesPerSegment;
      int video = count * tokensPerFrame;
      out.add(new SegmentSpan(i, textPerSegment, first, count, video, i * textPerSegment,
          textTotal + first * tokensPerFrame, scan));
      scan += textPerSegment + video;
    }
    return Collections.unmodifiableList(out);
  }

  private List<AttentionWindow> buildWindows() {
    List<AttentionWindow> out = new ArrayList<>(segments);
    for (int i = 0; i < segments; i++) {
      int first = framesPerSegment * i;
      int count = framesPerSegment + 1;
      out.add(new AttentionWindow(i, i * textPerSegment, textPerSegment, first, count,
          first * tokensPerFrame, count * tokensPerFrame));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The model config the layout was made for.
   *
   * @return the config
   */
  public ModelConfig config() {
    return config;
  }

  /**
   * Number of segments n.
   *
   * @return n
   */
  public int segments() {
    return segments;
  }

  /**
   * Text tokens per segment Tt.
   *
   * @return Tt, as chosen by {@link TextTokenRule}
   */
  public int textTokensPerSegment() {
    return textPerSegment;
  }

  /**
   * Latent frames Nf = F*n + 1.
   *
   * @return Nf
   */
  public int latentFrames() {
    return frames;
  }

  /**
   * Pixel frames of the decoded video: vaeTemporal * (Nf - 1) + 1.
   *
   * @return the frame count (1 + 48 n for the shipped configs)
   */
  public int pixelFrames() {
    return config.vaeTemporal() * (frames - 1) + 1;
  }

  /**
   * Tokens per latent frame S.
   *
   * @return S
   */
  public int tokensPerFrame() {
    return tokensPerFrame;
  }

  /**
   * Text tokens of all segments.
   *
   * @return n * Tt
   */
  public int textTokens() {
    return segments * textPerSegment;
  }

  /**
   * Video tokens.
   *
   * @return Nf * S
   */
  public int videoTokens() {
    return frames * tokensPerFrame;
  }

  /**
   * Full sequence length L.
   *
   * @return n*Tt + Nf*S, a multiple of the mini-batch size
   */
  public int totalTokens() {
    return length;
  }

  /**
   * Duration of the video.
   *
   * @return 3 * n seconds
   */
  public int durationSeconds() {
    return 3 * segments;
  }

  /**
   * The segments' token spans.
   *
   * @return n spans in order
   */
  public List<SegmentSpan> segmentSpans() {
    return spans;
  }

  /**
   * The attention windows.
   *
   * @return n windows in order
   */
  public List<AttentionWindow> attentionWindows() {
    return windows;
  }

  /**
   * The scan order of the TTT layers: position q holds text-first token {@code source(q)}. The
   * identity for n = 1.
   *
   * @return the interleaving permutation
   */
  public TokenPermutation interleaving() {
    int[] order = new int[length];
    int q = 0;
    for (SegmentSpan s : spans) {
      for (int j = 0; j < s.textTokens(); j++) {
        order[q++] = s.textStart() + j;
      }
      for (int j = 0; j < s.videoTokens(); j++) {
        order[q++] = s.videoStart() + j;
      }
    }
    return TokenPermutation.trusted(order);
  }

  /**
   * Text-first rows to scan order (the official {@code interleave}).
   *
   * @param textFirst [L * width] values
   * @param width values per token
   * @return [L * width] values in scan order
   */
  public float[] interleave(float[] textFirst, int width) {
    return interleaving().apply(textFirst, width);
  }

  /**
   * Scan-order rows back to text-first order (the official {@code undo_interleave}).
   *
   * @param interleaved [L * width] values in scan order
   * @param width values per token
   * @return [L * width] values in text-first order
   */
  public float[] undoInterleave(float[] interleaved, int width) {
    return interleaving().applyInverse(interleaved, width);
  }

  /**
   * The order of the reversed TTT pass, on text-first tokens: the n text chunks in reverse order
   * (tokens inside a chunk keep their order), then the whole video token sequence reversed. It is
   * its own inverse.
   *
   * @return the reversal permutation
   */
  public TokenPermutation reversal() {
    int[] order = new int[length];
    int text = textTokens();
    for (int q = 0; q < text; q++) {
      int chunk = q / textPerSegment;
      order[q] = (segments - 1 - chunk) * textPerSegment + q % textPerSegment;
    }
    for (int q = text; q < length; q++) {
      order[q] = text + (length - 1 - q);
    }
    return TokenPermutation.trusted(order);
  }

  /**
   * The attention windows that cover a latent frame: one, or two for frames F*i with 1 <= i < n.
   *
   * @param frame a latent frame 0 .. Nf-1
   * @return window indices, ascending
   */
  public int[] windowsOfFrame(int frame) {
    if (frame < 0 || frame >= frames) {
      throw new InvalidInputException("frame must be in [0, " + frames + "), got " + frame);
    }
    int hi = Math.min(segments - 1, frame / framesPerSegment);
    // windows i with F*i <= frame <= F*i + F, i.e. i >= ceil((frame - F) / F)
    int lo = Math.max(0, (frame - 1) / framesPerSegment);
    int[] out = new int[hi - lo + 1];
    for (int i = lo; i <= hi; i++) {
      out[i - lo] = i;
    }
    return out;
  }

  /**
   * The attention windows that cover a video token; its attention output is the mean over them.
   *
   * @param videoToken index within the video part, 0 .. Nf*S - 1
   * @return window indices, ascending
   */
  public int[] windowsOfVideoToken(int videoToken) {
    if (videoToken < 0 || videoToken >= videoTokens()) {
      throw new InvalidInputException(
          "video token must be in [0, " + videoTokens() + "), got " + videoToken);
    }
    return windowsOfFrame(videoToken / tokensPerFrame);
  }

  /**
   * Global 3D RoPE positions of the video tokens, as the TTT layers use them.
   *
   * @return {t, y, x}, each of length Nf*S
   */
  public int[][] globalRopePositions() {
    int v = videoTokens();
    int gridW = config.gridWidth();
    int[] t = new int[v];
    int[] y = new int[v];
    int[] x = new int[v];
    for (int p = 0; p < v; p++) {
      t[p] = p / tokensPerFrame;
      y[p] = (p % tokensPerFrame) / gridW;
      x[p] = p % gridW;
    }
    return new int[][] {t, y, x};
  }

  /**
   * Local 3D RoPE positions of the video tokens of one attention window: t runs 0 .. F inside the
   * window.
   *
   * @param window window index 0 .. n-1
   * @return {t, y, x}, each of length (F + 1) * S
   */
  public int[][] windowRopePositions(int window) {
    AttentionWindow w = windows.get(window);
    int gridW = config.gridWidth();
    int v = w.videoTokens();
    int[] t = new int[v];
    int[] y = new int[v];
    int[] x = new int[v];
    for (int p = 0; p < v; p++) {
      t[p] = p / tokensPerFrame;
      y[p] = (p % tokensPerFrame) / gridW;
      x[p] = p % gridW;
    }
    return new int[][] {t, y, x};
  }

  /**
   * The description of this sequence that the TTT layers take: scan order (null for n = 1) and
   * global RoPE positions.
   *
   * @return the TTT sequence
   */
  public TttSequence toTttSequence() {
    int[][] rope = globalRopePositions();
    int[] scan = segments == 1 ? null : interleaving().sources();
    return new TttSequence(length, segments, textPerSegment, scan, rope[0], rope[1], rope[2],
        config.gridHeight(), config.gridWidth(), frames);
  }

  @Override
  public String toString() {
    return "SequenceLayout[model=" + config.name() + ", segments=" + segments + ", Tt="
        + textPerSegment + ", Nf=" + frames + ", S=" + tokensPerFrame + ", L=" + length + "]";
  }
}
