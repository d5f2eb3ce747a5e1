package io.github.tttvideo.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The text condition of a batch: per example, the per-segment prompts (scene markers already
 * added), and whether text dropout removed it. A model must give a dropped example all-zero text
 * embeddings (the reference zeroes the embeddings; it does not encode an empty prompt).
 *
 * @param texts per example, per segment, the prompt
 * @param dropped per example, whether its text embeddings must be zeroed
 * @since 0.1.0
 */
public record TextBatch(List<List<String>> texts, List<Boolean> dropped) {

  /** Validates and freezes. */
  public TextBatch {
    List<List<String>> copy = new ArrayList<>();
    for (List<String> t : texts) {
      copy.add(List.copyOf(t));
    }
    texts = List.copyOf(copy);
    dropped = List.copyOf(dropped);
    if (texts.size() != dropped.size()) {
      throw new IllegalArgumentException(
          "texts has " + texts.size() + " examples, dropped " + dropped.size());
    }
  }

  /**
   * A batch with no example dropped.
   *
   * @param texts per example, per segment
   * @return the batch
   */
  public static TextBatch of(List<List<String>> texts) {
    List<Boolean> none = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      none.add(false);
    }
    return new TextBatch(texts, none);
  }

  /** {@return the number of examples} */
  public int size() {
    return texts.size();
  }

  /**
   * Whether an example's text is dropped.
   *
   * @param example the index
   * @return the flag
   */
  public boolean isDropped(int example) {
    return dropped.get(example);
  }
}
