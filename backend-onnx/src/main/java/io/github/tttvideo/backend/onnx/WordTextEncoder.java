package io.github.tttvideo.backend.onnx;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.core.story.SceneMarkers;
import io.github.tttvideo.spi.TextEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded model's word-level text encoder in plain Java, so that the ONNX backend needs no
 * other engine: the {@code vocab.json} word ids (scene markers are words of their own; lower
 * case; letters with inner apostrophes; a possessive not in the vocabulary becomes its stem and
 * {@code 's}; anything else {@code <unk>} = 1; padded with {@code <pad>} = 0), a learned row per
 * id ({@code text_encoder.embedding.weight [V, T]}) plus a fixed sinusoidal position code (sin on
 * even lanes, cos on odd lanes). An empty or blank prompt (the unconditional branch of
 * classifier-free guidance) encodes to zeros, as dropped texts were in training. The same
 * function as backend-djl's {@code DjlTextEncoder} (a parity test pins it).
 */
final class WordTextEncoder implements TextEncoder {

  /** Vocabulary file of a model directory. */
  static final String VOCAB_FILE = "vocab.json";

  private static final Pattern TOKEN = Pattern.compile(
      Pattern.quote(SceneMarkers.START) + "|" + Pattern.quote(SceneMarkers.END)
          + "|\\p{L}+(?:'\\p{L}+)*");
  private static final int UNK = 1;

  private final Map<String, Integer> vocab;
  private final float[] table;
  private final int dim;

  WordTextEncoder(Map<String, Integer> vocab, float[] table, int rows, int dim) {
    if (table.length != (long) rows * dim) {
      throw new ModelLoadException("embedding table must be " + rows + " x " + dim);
    }
    for (Integer id : vocab.values()) {
      if (id == null || id < 0 || id >= rows) {
        throw new ModelLoadException("vocabulary id " + id + " has no embedding row (" + rows
            + " rows)");
      }
    }
    this.vocab = vocab;
    this.table = table;
    this.dim = dim;
  }

  static Map<String, Integer> readVocabulary(Path file) {
    try {
      return new ObjectMapper().readValue(file.toFile(),
          new TypeReference<LinkedHashMap<String, Integer>>() {});
    } catch (IOException e) {
      throw new ModelLoadException("cannot read vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int dimension() {
    return dim;
  }

  /** Token ids of a text, padded or truncated to exactly {@code tokens}. */
  int[] ids(String text, int tokens) {
    if (tokens < 1) {
      throw new InvalidInputException("tokens must be >= 1, got " + tokens);
    }
    String t = (text == null ? "" : text).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
    List<Integer> ids = new ArrayList<>();
    Matcher m = TOKEN.matcher(t);
    while (m.find()) {
      String word = m.group();
      Integer id = vocab.get(word);
      if (id != null) {
        ids.add(id);
        continue;
      }
      int apo = word.indexOf('\'');
      if (apo > 0 && vocab.containsKey(word.substring(0, apo))) {
        ids.add(vocab.get(word.substring(0, apo)));
        Integer suffix = vocab.get(word.substring(apo));
        if (suffix != null) {
          ids.add(suffix);
        }
        continue;
      }
      ids.add(UNK);
    }
    int[] out = new int[tokens];
    for (int i = 0; i < tokens && i < ids.size(); i++) {
      out[i] = ids.get(i);
    }
    return out;
  }

  @Override
  public float[] encode(String text, int tokens) {
    if (text == null || text.isBlank()) {
      if (tokens < 1) {
        throw new InvalidInputException("tokens must be >= 1, got " + tokens);
      }
      // the unconditional branch of guidance: what training saw for a dropped text
      return new float[tokens * dim];
    }
    int[] ids = ids(text, tokens);
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
