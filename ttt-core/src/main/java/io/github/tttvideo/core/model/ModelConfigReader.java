package io.github.tttvideo.core.model;

import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.ttt.TttVariant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tttvideo.api.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link ModelConfig} as JSON ({@code config.json} in a model directory).
 *
 * <p>Names are snake_case of the Java field names. Required: {@code width}, {@code heads}, {@code
 * layers}, {@code ttt_variant}, {@code mini_batch}, {@code text_dim}, {@code latent_height},
 * {@code latent_width}, {@code text_tokens_per_segment}, {@code max_segments}. Optional, with the
 * reference's defaults: {@code name} (the directory name), {@code ttt_base_lr} (0.1 for mlp, 1.0
 * for linear), {@code patch_size} 2, {@code latent_channels} 16, {@code time_embed_dim} 512,
 * {@code gate_init} 0.1, {@code rope_theta} 10000, {@code vae_spatial} 8, {@code vae_temporal} 4,
 * {@code fps} 16, {@code frames_per_segment} 48, {@code text_tokens_by_segments} empty,
 * {@code mlp_ratio} 4, {@code layer_norm_eps} 1e-6, {@code text_vocab_size} 0 (external text
 * encoder), {@code vae_channels} 128, 256, 512, 512 (capped at 512, one per level), {@code
 * sequence_mixer} {@code ttt-<ttt_variant>} (configs written before issue #7 mean their TTT
 * block), {@code sliding_window_segments} 1, {@code vae_palette} none (the decoder outputs RGB),
 * {@code guidance} none (the render defaults), {@code scene_setting} none (prompts as written);
 * these three are written only when set. Aliases
 * from the official code: {@code model_dim}, {@code num_heads}, {@code num_layers}, {@code
 * mini_batch_size}, {@code gating_alpha_init}, {@code theta}, {@code txt_maxlen}. An unknown key
 * is an error: a typo in a model config silently changes the model.
 *
 * <pre>{@code
 * ModelConfig c = ModelConfigReader.fromDirectory(Path.of("models/my-ttt"));
 * String json = ModelConfigReader.toJson(c);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ModelConfigReader {

  /** File name of the config inside a model directory. */
  public static final String FILE_NAME = "config.json";

  private static final List<String> REQUIRED =
      List.of("width", "heads", "layers", "mini_batch", "text_dim",
          "latent_height", "latent_width", "text_tokens_per_segment", "max_segments");
  private static final Map<String, String> ALIASES =
      Map.of("model_dim", "width", "num_heads", "heads", "num_layers", "layers",
          "mini_batch_size", "mini_batch", "gating_alpha_init", "gate_init", "theta",
          "rope_theta", "txt_maxlen", "text_tokens_per_segment");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(16).maxDocumentLength(1 << 20).build());
  }

  private ModelConfigReader() {}

  /**
   * Reads {@code config.json} from a model directory.
   *
   * @param directory the model directory
   * @return the config, named after the directory unless the file names it
   * @throws InvalidInputException if the file is missing, malformed or invalid
   */
  public static ModelConfig fromDirectory(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("no " + FILE_NAME + " in model directory " + directory);
    }
    Path fileName = directory.toAbsolutePath().normalize().getFileName();
    String defaultName = fileName == null ? "model" : fileName.toString();
    try {
      return fromJson(Files.readString(file), file.toString(), defaultName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Parses a config.
   *
   * @param json the JSON text
   * @param source the file name for messages
   * @param defaultName the name used when the JSON has none
   * @return the config
   * @throws InvalidInputException if the JSON is malformed or invalid
   */
  public static ModelConfig fromJson(String json, String source, String defaultName) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(at(source, e) + "malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(source + ": a model config must be a JSON object");
    }
    ObjectNode in = normalise((ObjectNode) root, source);
    Set<String> missing = new LinkedHashSet<>();
    for (String key : REQUIRED) {
      if (!in.has(key) || in.get(key).isNull()) {
        missing.add(key);
      }
    }
    boolean hasMixer = in.has("sequence_mixer") && !in.get("sequence_mixer").isNull();
    if (!in.has("ttt_variant") || in.get("ttt_variant").isNull()) {
      if (hasMixer) {
        // ttt_variant only matters to the TTT mixers: derive it from the mixer
        SequenceMixer mixer = SequenceMixer.parse(in.get("sequence_mixer").asText());
        in.put("ttt_variant", (mixer.isTtt() ? mixer.tttVariant() : TttVariant.MLP).jsonName());
      } else {
        missing.add("ttt_variant");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(source + ": missing required model config field(s) " + missing);
    }
    ObjectNode full = MAPPER.createObjectNode();
    full.put("name", defaultName);
    full.put("ttt_base_lr",
        TttVariant.parse(in.get("ttt_variant").asText()) == TttVariant.LINEAR ? 1.0 : 0.1);
    full.put("patch_size", 2);
    full.put("latent_channels", 16);
    full.put("time_embed_dim", 512);
    full.put("gate_init", 0.1);
    full.put("rope_theta", 10000.0);
    full.put("vae_spatial", 8);
    full.put("vae_temporal", 4);
    full.put("fps", 16);
    full.put("frames_per_segment", 48);
    full.putObject("text_tokens_by_segments");
    full.put("mlp_ratio", ModelConfig.DEFAULT_MLP_RATIO);
    full.put("layer_norm_eps", ModelConfig.DEFAULT_LAYER_NORM_EPS);
    full.put("text_vocab_size", 0);
    full.put("sequence_mixer",
        SequenceMixer.ofTtt(TttVariant.parse(in.get("ttt_variant").asText())).jsonName());
    full.put("sliding_window_segments", ModelConfig.DEFAULT_SLIDING_WINDOW_SEGMENTS);
    int spatial = in.has("vae_spatial") && in.get("vae_spatial").canConvertToInt()
        ? in.get("vae_spatial").asInt() : 8;
    var channels = full.putArray("vae_channels");
    ModelConfig.defaultVaeChannels(spatial).forEach(channels::add);
    full.setAll(in);
    try {
      return MAPPER.treeToValue(full, ModelConfig.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      String why = cause instanceof InvalidInputException ? cause.getMessage() : e.getOriginalMessage();
      throw new InvalidInputException(source + ": invalid model config: " + why, e);
    }
  }

  private static ObjectNode normalise(ObjectNode root, String source) {
    Set<String> known = new LinkedHashSet<>();
    for (var c : ModelConfig.class.getRecordComponents()) {
      known.add(snake(c.getName()));
    }
    ObjectNode out = MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = ALIASES.getOrDefault(e.getKey(), e.getKey());
      if (!known.contains(key)) {
        throw new InvalidInputException(
            source + ": unknown model config field \"" + e.getKey() + "\"; known fields: " + known);
      }
      if (out.has(key)) {
        throw new InvalidInputException(
            source + ": model config field \"" + key + "\" is given twice (alias " + e.getKey() + ")");
      }
      out.set(key, e.getValue());
    }
    return out;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String at(String source, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    if (loc == null || loc.getLineNr() < 1) {
      return source + ": ";
    }
    return source + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
  }

  /**
   * Writes a config as pretty-printed JSON in the format {@link #fromJson} reads.
   *
   * @param config the config
   * @return the JSON text
   */
  public static String toJson(ModelConfig config) {
    try {
      ObjectNode tree = MAPPER.valueToTree(config);
      if (config.vaePalette() == null) {
        tree.remove("vae_palette"); // configs without a palette read as before
      }
      if (config.guidance() == null) {
        tree.remove("guidance");
      }
      if (config.sceneSetting() == null) {
        tree.remove("scene_setting");
      }
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write model config", e);
    }
  }

  /**
   * Resolves a model given on a command line or in a story: a preset name, or a directory with a
   * {@code config.json}.
   *
   * @param nameOrDirectory {@code toon}, {@code 5B}, {@code debug} or a directory path
   * @return the config
   * @throws InvalidInputException if it is neither
   */
  public static ModelConfig resolve(String nameOrDirectory) {
    if (ModelConfig.isPreset(nameOrDirectory)) {
      return ModelConfig.preset(nameOrDirectory);
    }
    Path dir = Path.of(nameOrDirectory);
    if (Files.isDirectory(dir)) {
      return fromDirectory(dir);
    }
    throw new InvalidInputException(
        "unknown model \"" + nameOrDirectory + "\": neither a preset ("
            + String.join(", ", ModelConfig.presetNames()) + ") nor a model directory");
  }

  /**
   * Resolves a model reference of a story.
   *
   * @param model the reference
   * @return the config
   */
  public static ModelConfig resolve(io.github.tttvideo.api.ModelReference model) {
    return model.directory().map(ModelConfigReader::fromDirectory)
        .orElseGet(() -> ModelConfig.preset(model.name().orElseThrow()));
  }
}
