package io.github.tttvideo.core.mixer;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.ttt.Rope;
import io.github.tttvideo.core.ttt.TttSequence;

/**
 * The attention sequence mixers in plain Java, the numerical oracle of the backends' versions
 * (computed in double precision from float inputs).
 *
 * <p>Input: X' [B, L, D] in text-first order, the output of the segment-local attention. Per
 * token, per head h ({@code c = h d + j}):
 *
 * <ol>
 *   <li>{@code q = X' Wq^T + bq}, {@code k = X' Wk^T + bk}, {@code v = X' Wv^T + bv};
 *   <li>{@code q = LN_q(q)}, {@code k = LN_k(k)} over the d lanes of each head (biased variance,
 *       eps the model's LayerNorm eps, affine), as the local attention's q/k norms;
 *   <li>3D RoPE on video tokens with the <b>global</b> positions of the TTT layers
 *       ({@link Rope#videoTable}: t = global latent frame), none on text tokens;
 *   <li>softmax attention with scale {@code 1/sqrt(d)}: a token of segment i attends every token
 *       (text and video) of segments {@code i - w .. i + w} ({@link SequenceMixer#SLIDING}) or of
 *       the whole sequence ({@link SequenceMixer#FULL});
 *   <li>{@code Y = O Wo^T + bo}.
 * </ol>
 *
 * <p>The block adds it to the residual gated like the TTT block (reference 5.4), with one gate
 * pair (attention has no direction): {@code Z = X' + [tanh(a_text) ⊙ Y_text ; tanh(a_video) ⊙
 * Y_video]}.
 *
 * <pre>{@code
 * AttentionMixer mixer = new AttentionMixer(params, SequenceMixer.SLIDING, 1, 1e-6, 10000);
 * float[] z = mixer.block(x, 1, layout.toTttSequence()); // [B, L, D], text-first
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AttentionMixer {

  private final AttentionMixerParams p;
  private final SequenceMixer kind;
  private final int window;
  private final double eps;
  private final double ropeTheta;

  /**
   * Creates the mixer.
   *
   * @param params the parameters
   * @param kind {@link SequenceMixer#SLIDING} or {@link SequenceMixer#FULL}
   * @param windowSegments w of the sliding window (>= 0; ignored by full attention)
   * @param layerNormEps eps of the q/k norms
   * @param ropeTheta RoPE base
   */
  public AttentionMixer(AttentionMixerParams params, SequenceMixer kind, int windowSegments,
      double layerNormEps, double ropeTheta) {
    if (!kind.isAttention()) {
      throw new InvalidInputException(kind.jsonName() + " is not an attention mixer");
    }
    if (windowSegments < 0) {
      throw new InvalidInputException(
          "sliding window must be >= 0 segments, got " + windowSegments);
    }
    this.p = params;
    this.kind = kind;
    this.window = windowSegments;
    this.eps = layerNormEps;
    this.ropeTheta = ropeTheta;
  }

  /**
   * The window in segments on each side that this mixer uses for a sequence.
   *
   * @param segments n
   * @return w for sliding, n for full
   */
  public int effectiveWindow(int segments) {
    return kind == SequenceMixer.FULL ? segments : window;
  }

  /**
   * The gated block: {@code X' + gate(Y)}.
   *
   * @param x X' [B, L, D], text-first
   * @param batch B
   * @param seq the sequence
   * @return Z [B, L, D]
   */
  public float[] block(float[] x, int batch, TttSequence seq) {
    float[] y = attend(x, batch, seq);
    int width = p.width();
    int len = seq.length();
    int text = seq.textTokens();
    float[] z = new float[y.length];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < len; i++) {
        float[] gate = i < text ? p.gateText() : p.gateVideo();
        int o = (b * len + i) * width;
        for (int c = 0; c < width; c++) {
          z[o + c] = (float) (x[o + c] + Math.tanh(gate[c]) * y[o + c]);
        }
      }
    }
    return z;
  }

  /**
   * The attention branch Y before the gate.
   *
   * @param x X' [B, L, D], text-first
   * @param batch B
   * @param seq the sequence
   * @return Y [B, L, D]
   */
  public float[] attend(float[] x, int batch, TttSequence seq) {
    int width = p.width();
    int heads = p.heads();
    int d = p.headDim();
    int len = seq.length();
    int text = seq.textTokens();
    if (x.length != (long) batch * len * width) {
      throw new InvalidInputException("attention mixer input must be [" + batch + ", " + len
          + ", " + width + "], got " + x.length + " values");
    }
    MixerSegments segs = MixerSegments.of(seq);
    int w = effectiveWindow(seq.segments());
    float[][] rope = Rope.videoTable(seq, d, ropeTheta);
    int pairs = d / 2;
    float[] out = new float[x.length];
    double scale = 1 / Math.sqrt(d);
    for (int b = 0; b < batch; b++) {
      int base = b * len * width;
      double[] q = dense(x, base, len, width, p.wq(), p.bq());
      double[] k = dense(x, base, len, width, p.wk(), p.bk());
      double[] v = dense(x, base, len, width, p.wv(), p.bv());
      for (int i = 0; i < len; i++) {
        for (int h = 0; h < heads; h++) {
          int o = i * width + h * d;
          layerNorm(q, o, d, p.normQWeight(), p.normQBias());
          layerNorm(k, o, d, p.normKWeight(), p.normKBias());
          if (i >= text) {
            int r = (i - text) * pairs;
            rotate(q, o, pairs, rope[0], rope[1], r);
            rotate(k, o, pairs, rope[0], rope[1], r);
          }
        }
      }
      double[] attn = new double[len * width];
      double[] s = new double[len];
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < len; i++) {
          int si = segs.segmentOf()[i];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < len; j++) {
            if (Math.abs(segs.segmentOf()[j] - si) > w) {
              s[j] = Double.NEGATIVE_INFINITY;
              continue;
            }
            double dot = 0;
            for (int c = 0; c < d; c++) {
              dot += q[i * width + h * d + c] * k[j * width + h * d + c];
            }
            s[j] = dot * scale;
            max = Math.max(max, s[j]);
          }
          double sum = 0;
          for (int j = 0; j < len; j++) {
            s[j] = s[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(s[j] - max);
            sum += s[j];
          }
          for (int j = 0; j < len; j++) {
            if (s[j] == 0) {
              continue;
            }
            double pj = s[j] / sum;
            for (int c = 0; c < d; c++) {
              attn[i * width + h * d + c] += pj * v[j * width + h * d + c];
            }
          }
        }
      }
      for (int i = 0; i < len; i++) {
        for (int c = 0; c < width; c++) {
          double acc = p.bo()[c];
          for (int e = 0; e < width; e++) {
            acc += attn[i * width + e] * p.wo()[c * width + e];
          }
          out[base + i * width + c] = (float) acc;
        }
      }
    }
    return out;
  }

  /** {@code x W^T + b} for L rows starting at {@code base}; W [out, in] with out = in = D. */
  private static double[] dense(float[] x, int base, int rows, int width, float[] w,
      float[] bias) {
    double[] y = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < width; o++) {
        double acc = bias[o];
        for (int i = 0; i < width; i++) {
          acc += (double) x[base + r * width + i] * w[o * width + i];
        }
        y[r * width + o] = acc;
      }
    }
    return y;
  }

  private void layerNorm(double[] a, int off, int n, float[] gamma, float[] beta) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += a[off + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double c = a[off + i] - mean;
      var += c * c;
    }
    var /= n;
    double inv = 1 / Math.sqrt(var + eps);
    for (int i = 0; i < n; i++) {
      a[off + i] = (a[off + i] - mean) * inv * gamma[i] + beta[i];
    }
  }

  private static void rotate(double[] a, int off, int pairs, float[] cos, float[] sin, int r) {
    for (int i = 0; i < pairs; i++) {
      double x0 = a[off + 2 * i];
      double x1 = a[off + 2 * i + 1];
      double c = cos[r + i];
      double s = sin[r + i];
      a[off + 2 * i] = x0 * c - x1 * s;
      a[off + 2 * i + 1] = x0 * s + x1 * c;
    }
  }
}
