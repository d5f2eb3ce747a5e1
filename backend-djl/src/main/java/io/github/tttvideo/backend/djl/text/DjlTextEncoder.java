package io.github.tttvideo.backend.djl.text;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.spi.TextEncoder;

/**
 * The embedded model's text encoder: {@link WordTokenizer} ids, a learned embedding row per id
 * ({@code text_encoder.embedding.weight [V, T]}) plus a fixed sinusoidal position code (sin on even
 * lanes, cos on odd lanes, period base 10000), so that word order reaches the denoiser. Padding
 * tokens are encoded too (as T5 is, without a mask). Plain Java: the table is small.
 *
 * <p>An empty or blank prompt (the default negative prompt, which classifier-free guidance uses as
 * its unconditional branch) encodes to all zeros: that is exactly what the model saw for a
 * dropped text in training (the reference zeroes the embeddings of dropped examples), so the
 * unconditional prediction at render time is the one the model learned.
 *
 * @since 0.1.0
 */
public final class DjlTextEncoder implements TextEncoder {

  private final WordTokenizer tokenizer;
  private final float[] table;
  private final int dim;

  /**
   * Creates the encoder.
   *
   * @param tokenizer the tokenizer
   * @param table embedding table [rows, dim] row-major
   * @param rows V
   * @param dim T
   */
  public DjlTextEncoder(WordTokenizer tokenizer, float[] table, int rows, int dim) {
    if (table.length != (long) rows * dim) {
      throw new InvalidInputException("embedding table must be " + rows + " x " + dim);
    }
    if (tokenizer.size() > rows) {
      throw new InvalidInputException("vocabulary needs " + tokenizer.size()
          + " embedding rows, the table has " + rows);
    }
    this.tokenizer = tokenizer;
    this.table = table.clone();
    this.dim = dim;
  }

  @Override
  public int dimension() {
    return dim;
  }

  /**
   * The tokenizer.
   *
   * @return the tokenizer
   */
  public WordTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public float[] encode(String text, int tokens) {
    if (text == null || text.isBlank()) {
      return new float[tokens * dim];
    }
    int[] ids = tokenizer.encode(text, tokens);
    float[] out = new float[tokens * dim];
    for (int p = 0; p < tokens; p++) {
      System.arraycopy(table, ids[p] * dim, out, p * dim, dim);
      for (int i = 0; i < dim; i++) {
        double freq = Math.pow(10000, -(double) (i / 2 * 2) / dim);
        out[p * dim + i] += (float) (i % 2 == 0 ? Math.sin(p * freq) : Math.cos(p * freq));
      }
    }
    return out;
  }
}
