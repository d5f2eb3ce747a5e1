package io.github.tttvideo.spi;

/**
 * Turns the text of one 3-second segment into token embeddings (what T5 does for CogVideoX).
 *
 * @since 0.1.0
 */
public interface TextEncoder {

  /**
   * Width of one token embedding.
   *
   * @return textDim
   */
  int dimension();

  /**
   * Encodes a text padded or truncated to exactly {@code tokens} tokens.
   *
   * @param text the segment's text (scene markers already applied)
   * @param tokens Tt
   * @return {@code [tokens, dimension()]} flattened row-major
   */
  float[] encode(String text, int tokens);
}
