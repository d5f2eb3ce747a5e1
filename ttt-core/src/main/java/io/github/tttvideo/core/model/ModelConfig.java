package io.github.tttvideo.core.model;

import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.story.SceneSettings;
import io.github.tttvideo.core.ttt.TttVariant;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hyper-parameters of a TTT video model that the SDK needs to lay out, check and run a story.
 *
 * <p>In JSON ({@code config.json} of a model directory) every field is written in snake_case of
 * its Java name: {@code width}, {@code mini_batch}, {@code ttt_base_lr}, {@code
 * text_tokens_per_segment}, ... ({@link ModelConfigReader} also accepts a few names of the
 * official code, such as {@code model_dim}); see {@code docs/storyboards.md}.
 *
 * <pre>{@code
 * ModelConfig big = ModelConfig.preset("5B");
 * big.tokensPerFrame();                       // 1350 (30 x 45 patches)
 * ModelConfig mine = ModelConfigReader.fromDirectory(Path.of("models/my-ttt"));
 * }</pre>
 *
 * @param name a short name for messages and plans (the preset name or the directory name)
 * @param width model width D ({@code model_dim} in the official code)
 * @param heads attention and TTT heads H; head dim d = D / H
 * @param layers transformer layers, each with a TTT layer
 * @param tttVariant inner model of the TTT layers
 * @param miniBatch TTT inner mini-batch size K; the full sequence length must be a multiple
 * @param tttBaseLr base learning rate of the TTT inner update
 * @param patchSize side of the square patch that turns latent pixels into tokens
 * @param latentChannels channels of the VAE latent
 * @param textDim width of the text encoder's hidden states
 * @param timeEmbedDim width of the timestep embedding
 * @param gateInit initial value of the gating vectors (tanh(gateInit) at the start)
 * @param ropeTheta base of the 3D rotary position encoding
 * @param vaeSpatial spatial compression of the VAE (pixels per latent pixel, per side)
 * @param vaeTemporal temporal compression of the VAE (pixel frames per latent frame)
 * @param latentHeight latent frame height before patching
 * @param latentWidth latent frame width before patching
 * @param textTokensPerSegment smallest number of text tokens per segment (Tt); the layout may
 *     raise it so that the sequence length is a multiple of {@code miniBatch}
 * @param textTokensBySegments Tt fixed for some numbers of segments (the official configs), keyed
 *     by the number of segments; may be empty
 * @param maxSegments most segments the model was trained for
 * @param fps frames per second of the pixel video
 * @param framesPerSegment pixel frames per 3-second segment (the first segment has one more)
 * @param mlpRatio hidden width of the DiT feed-forward block, in multiples of the width (4)
 * @param layerNormEps epsilon of every DiT LayerNorm (1e-6)
 * @param textVocabSize rows of the learned word-embedding table of the built-in text encoder; 0
 *     when the text embeddings come from an external encoder (T5 for the 5B model)
 * @param vaeChannels channel widths of the VAE, one per resolution level from the pixel level to
 *     the latent level: {@code log2(vaeSpatial) + 1} entries
 * @param sequenceMixer the global sequence mixer after the segment-local attention of every layer
 *     ({@code sequence_mixer}: {@code local}, {@code sliding}, {@code ttt-linear}, {@code ttt-mlp},
 *     {@code full}); null means the TTT block of {@code tttVariant}, the default. A TTT mixer must
 *     agree with {@code tttVariant}
 * @param slidingWindowSegments segments on each side that the {@code sliding} mixer attends
 *     ({@code sliding_window_segments}, default 1; >= 1)
 * @param vaePalette the VAE decoder's output colours ({@code vae_palette}, {@code "#RRGGBB"}
 *     strings, at least 2), or null (the default) for a decoder that outputs RGB. With a palette
 *     the decoder's last convolution outputs one logit per colour and a pixel is the
 *     softmax-weighted mean of the colours: a world drawn in flat colours (the toon world) is
 *     decoded as a distribution over its colours, and an uncertain pixel comes out as a blend
 * @param guidance the classifier-free guidance this model renders best with, used when a story's
 *     options choose none ({@code guidance}, {@code "SCHEDULE:SCALE"} with SCHEDULE {@code
 *     constant}, {@code dynamic_cosine} or {@code official_timestep} (any case) and SCALE a number
 *     >= 0, e.g. {@code "constant:6"}), or null (the default) for the render defaults
 * @param sceneSetting a regular expression matching a whole sentence that names a scene's
 *     setting in this model's prompts ({@code scene_setting}, e.g. {@code "(In|On) the
 *     (kitchen|beach)\\."}), or null (the default). When set, the render pipeline repeats a
 *     scene's last stated setting at the start of its segments that state none ({@link
 *     SceneSettings}), as the paper's storyboards describe the
 *     background in every segment
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelConfig(
    String name,
    int width,
    int heads,
    int layers,
    TttVariant tttVariant,
    int miniBatch,
    double tttBaseLr,
    int patchSize,
    int latentChannels,
    int textDim,
    int timeEmbedDim,
    double gateInit,
    double ropeTheta,
    int vaeSpatial,
    int vaeTemporal,
    int latentHeight,
    int latentWidth,
    int textTokensPerSegment,
    Map<Integer, Integer> textTokensBySegments,
    int maxSegments,
    int fps,
    int framesPerSegment,
    int mlpRatio,
    double layerNormEps,
    int textVocabSize,
    List<Integer> vaeChannels,
    SequenceMixer sequenceMixer,
    int slidingWindowSegments,
    List<String> vaePalette,
    String guidance,
    String sceneSetting) {

  /** Default feed-forward ratio. */
  public static final int DEFAULT_MLP_RATIO = 4;
  /** Default LayerNorm epsilon of the DiT. */
  public static final double DEFAULT_LAYER_NORM_EPS = 1e-6;
  /** Default window of the sliding-window mixer, in segments on each side. */
  public static final int DEFAULT_SLIDING_WINDOW_SEGMENTS = 1;
  /** Default VAE channel widths (pixel level first), the CogVideoX VAE's. */
  public static final List<Integer> DEFAULT_VAE_CHANNELS = List.of(128, 256, 512, 512);

  /** Checks every field and the relations between them. */
  public ModelConfig {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("model config name must not be blank");
    }
    positive("width", width);
    positive("heads", heads);
    positive("layers", layers);
    if (tttVariant == null) {
      throw new InvalidInputException("model config ttt_variant must be set");
    }
    positive("mini_batch", miniBatch);
    if (!Double.isFinite(tttBaseLr) || tttBaseLr < 0) {
      throw new InvalidInputException("model config ttt_base_lr must be >= 0, got " + tttBaseLr);
    }
    positive("patch_size", patchSize);
    positive("latent_channels", latentChannels);
    positive("text_dim", textDim);
    positive("time_embed_dim", timeEmbedDim);
    if (!Double.isFinite(gateInit)) {
      throw new InvalidInputException("model config gate_init must be finite, got " + gateInit);
    }
    if (!(ropeTheta > 1) || !Double.isFinite(ropeTheta)) {
      throw new InvalidInputException("model config rope_theta must be > 1, got " + ropeTheta);
    }
    positive("vae_spatial", vaeSpatial);
    positive("vae_temporal", vaeTemporal);
    positive("latent_height", latentHeight);
    positive("latent_width", latentWidth);
    positive("text_tokens_per_segment", textTokensPerSegment);
    positive("max_segments", maxSegments);
    positive("fps", fps);
    positive("frames_per_segment", framesPerSegment);
    if (width % heads != 0) {
      throw new InvalidInputException(
          "model config width must be a multiple of heads, got " + width + " and " + heads);
    }
    if (latentHeight % patchSize != 0 || latentWidth % patchSize != 0) {
      throw new InvalidInputException(
          "model config latent size must be a multiple of patch_size " + patchSize + ", got "
              + latentHeight + "x" + latentWidth);
    }
    if (framesPerSegment % vaeTemporal != 0) {
      throw new InvalidInputException(
          "model config frames_per_segment must be a multiple of vae_temporal " + vaeTemporal
              + ", got " + framesPerSegment);
    }
    TreeMap<Integer, Integer> table = new TreeMap<>();
    if (textTokensBySegments != null) {
      for (Map.Entry<Integer, Integer> e : textTokensBySegments.entrySet()) {
        if (e.getKey() == null || e.getKey() < 1 || e.getValue() == null || e.getValue() < 1) {
          throw new InvalidInputException(
              "model config text_tokens_by_segments must map segments >= 1 to tokens >= 1, got "
                  + e.getKey() + " -> " + e.getValue());
        }
        table.put(e.getKey(), e.getValue());
      }
    }
    textTokensBySegments = Collections.unmodifiableMap(table);
    positive("mlp_ratio", mlpRatio);
    if (!(layerNormEps > 0) || !Double.isFinite(layerNormEps)) {
      throw new InvalidInputException(
          "model config layer_norm_eps must be finite and > 0, got " + layerNormEps);
    }
    if (textVocabSize < 0) {
      throw new InvalidInputException(
          "model config text_vocab_size must be >= 0, got " + textVocabSize);
    }
    if (Integer.bitCount(vaeSpatial) != 1 || Integer.bitCount(vaeTemporal) != 1
        || vaeTemporal > vaeSpatial) {
      throw new InvalidInputException(
          "model config vae_spatial and vae_temporal must be powers of two with vae_temporal <="
              + " vae_spatial, got " + vaeSpatial + " and " + vaeTemporal);
    }
    int levels = Integer.numberOfTrailingZeros(vaeSpatial) + 1;
    if (vaeChannels == null || vaeChannels.size() != levels
        || vaeChannels.stream().anyMatch(c -> c == null || c < 1)) {
      throw new InvalidInputException(
          "model config vae_channels must hold " + levels + " positive widths (log2(vae_spatial)"
              + " + 1), got " + vaeChannels);
    }
    vaeChannels = List.copyOf(vaeChannels);
    if (sequenceMixer == null) {
      sequenceMixer = SequenceMixer.ofTtt(tttVariant);
    }
    if (sequenceMixer.isTtt() && sequenceMixer.tttVariant() != tttVariant) {
      throw new InvalidInputException("model config sequence_mixer " + sequenceMixer.jsonName()
          + " contradicts ttt_variant " + tttVariant.jsonName() + "; set ttt_variant "
          + sequenceMixer.tttVariant().jsonName() + " or leave it out");
    }
    if (slidingWindowSegments < 1) {
      throw new InvalidInputException(
          "model config sliding_window_segments must be >= 1, got " + slidingWindowSegments);
    }
    if (vaePalette != null) {
      if (vaePalette.size() < 2) {
        throw new InvalidInputException(
            "model config vae_palette must hold at least 2 colours, got " + vaePalette);
      }
      for (String colour : vaePalette) {
        if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) {
          throw new InvalidInputException("model config vae_palette entries must be \"#RRGGBB\","
              + " got " + (colour == null ? "null" : "\"" + colour + "\""));
        }
      }
      vaePalette = List.copyOf(vaePalette);
    }
    if (sceneSetting != null) {
      sceneSettings(sceneSetting); // validates
    }
    if (guidance != null) {
      parseGuidance(guidance); // validates
    }
  }

  /** A recommended guidance: schedule and scale. */
  public record Guidance(GuidanceSchedule schedule, double scale) {}

  /**
   * {@return the recommended guidance of {@code guidance}, or empty when the config has none}
   */
  public java.util.Optional<Guidance> recommendedGuidance() {
    return guidance == null ? java.util.Optional.empty()
        : java.util.Optional.of(parseGuidance(guidance));
  }

  /**
   * {@return the rule of {@code scene_setting}, or empty when the config has none (prompts are
   * encoded as written)}
   */
  public java.util.Optional<SceneSettings> sceneSettings() {
    return sceneSetting == null ? java.util.Optional.empty()
        : java.util.Optional.of(sceneSettings(sceneSetting));
  }

  private static SceneSettings sceneSettings(String pattern) {
    try {
      return SceneSettings.of(pattern);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("model config scene_setting: " + e.getMessage(), e);
    }
  }

  private static Guidance parseGuidance(String text) {
    int colon = text.indexOf(':');
    String why = "model config guidance must be \"SCHEDULE:SCALE\" (SCHEDULE constant,"
        + " dynamic_cosine or official_timestep; SCALE >= 0), got \"" + text + "\"";
    if (colon < 0) {
      throw new InvalidInputException(why);
    }
    GuidanceSchedule schedule;
    double scale;
    try {
      schedule = GuidanceSchedule.valueOf(
          text.substring(0, colon).trim().toUpperCase(java.util.Locale.ROOT));
      scale = Double.parseDouble(text.substring(colon + 1).trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(why, e);
    }
    if (!Double.isFinite(scale) || scale < 0) {
      throw new InvalidInputException(why);
    }
    return new Guidance(schedule, scale);
  }

  /**
   * A config with every field but the VAE palette (none: the decoder outputs RGB).
   *
   * @param name see the record components
   * @param width D
   * @param heads H
   * @param layers layers
   * @param tttVariant inner model
   * @param miniBatch K
   * @param tttBaseLr base lr
   * @param patchSize patch side
   * @param latentChannels latent channels
   * @param textDim text width
   * @param timeEmbedDim time embedding width
   * @param gateInit gate init
   * @param ropeTheta RoPE base
   * @param vaeSpatial spatial compression
   * @param vaeTemporal temporal compression
   * @param latentHeight latent height
   * @param latentWidth latent width
   * @param textTokensPerSegment Tt
   * @param textTokensBySegments fixed Tt table
   * @param maxSegments most segments
   * @param fps frames per second
   * @param framesPerSegment pixel frames per segment
   * @param mlpRatio feed-forward ratio
   * @param layerNormEps LayerNorm eps
   * @param textVocabSize built-in vocabulary rows
   * @param vaeChannels VAE widths
   * @param sequenceMixer the mixer (null: the TTT block)
   * @param slidingWindowSegments the sliding window
   */
  public ModelConfig(String name, int width, int heads, int layers, TttVariant tttVariant,
      int miniBatch, double tttBaseLr, int patchSize, int latentChannels, int textDim,
      int timeEmbedDim, double gateInit, double ropeTheta, int vaeSpatial, int vaeTemporal,
      int latentHeight, int latentWidth, int textTokensPerSegment,
      Map<Integer, Integer> textTokensBySegments, int maxSegments, int fps,
      int framesPerSegment, int mlpRatio, double layerNormEps, int textVocabSize,
      List<Integer> vaeChannels, SequenceMixer sequenceMixer, int slidingWindowSegments) {
    this(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr, patchSize, latentChannels,
        textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial, vaeTemporal, latentHeight,
        latentWidth, textTokensPerSegment, textTokensBySegments, maxSegments, fps,
        framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels, sequenceMixer,
        slidingWindowSegments, null, null, null);
  }

  /**
   * A config with every field but the scene setting (none: prompts are encoded as written).
   *
   * @param name see the record components
   * @param width D
   * @param heads H
   * @param layers layers
   * @param tttVariant inner model
   * @param miniBatch K
   * @param tttBaseLr base lr
   * @param patchSize patch side
   * @param latentChannels latent channels
   * @param textDim text width
   * @param timeEmbedDim time embedding width
   * @param gateInit gate init
   * @param ropeTheta RoPE base
   * @param vaeSpatial spatial compression
   * @param vaeTemporal temporal compression
   * @param latentHeight latent height
   * @param latentWidth latent width
   * @param textTokensPerSegment Tt
   * @param textTokensBySegments fixed Tt table
   * @param maxSegments most segments
   * @param fps frames per second
   * @param framesPerSegment pixel frames per segment
   * @param mlpRatio feed-forward ratio
   * @param layerNormEps LayerNorm eps
   * @param textVocabSize built-in vocabulary rows
   * @param vaeChannels VAE widths
   * @param sequenceMixer the mixer (null: the TTT block)
   * @param slidingWindowSegments the sliding window
   * @param vaePalette the VAE palette, or null
   * @param guidance the recommended guidance, or null
   */
  public ModelConfig(String name, int width, int heads, int layers, TttVariant tttVariant,
      int miniBatch, double tttBaseLr, int patchSize, int latentChannels, int textDim,
      int timeEmbedDim, double gateInit, double ropeTheta, int vaeSpatial, int vaeTemporal,
      int latentHeight, int latentWidth, int textTokensPerSegment,
      Map<Integer, Integer> textTokensBySegments, int maxSegments, int fps,
      int framesPerSegment, int mlpRatio, double layerNormEps, int textVocabSize,
      List<Integer> vaeChannels, SequenceMixer sequenceMixer, int slidingWindowSegments,
      List<String> vaePalette, String guidance) {
    this(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr, patchSize, latentChannels,
        textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial, vaeTemporal, latentHeight,
        latentWidth, textTokensPerSegment, textTokensBySegments, maxSegments, fps,
        framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels, sequenceMixer,
        slidingWindowSegments, vaePalette, guidance, null);
  }

  /**
   * This config with a scene setting pattern (see the record description).
   *
   * @param pattern a regular expression matching a whole setting sentence, or null for none
   * @return the new config
   * @throws io.github.tttvideo.api.InvalidInputException if the pattern does not compile
   */
  public ModelConfig withSceneSetting(String pattern) {
    return new ModelConfig(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr,
        patchSize, latentChannels, textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial,
        vaeTemporal, latentHeight, latentWidth, textTokensPerSegment, textTokensBySegments,
        maxSegments, fps, framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels,
        sequenceMixer, slidingWindowSegments, vaePalette, guidance, pattern);
  }

  /**
   * This config with another number of text tokens per segment (Tt). The parameters do not
   * depend on it (the text encoder's positions are a fixed sinusoid), so a model's weights load
   * under either value; a model trained with one value renders best with it.
   *
   * @param tokens Tt, at least 1
   * @return the new config
   * @throws io.github.tttvideo.api.InvalidInputException if {@code tokens < 1}
   */
  public ModelConfig withTextTokens(int tokens) {
    return new ModelConfig(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr,
        patchSize, latentChannels, textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial,
        vaeTemporal, latentHeight, latentWidth, tokens, textTokensBySegments,
        maxSegments, fps, framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels,
        sequenceMixer, slidingWindowSegments, vaePalette, guidance, sceneSetting);
  }

  /**
   * {@return the VAE decoder's output channels: the palette's size, or 3 (RGB) without one}
   */
  public int vaeOutputChannels() {
    return vaePalette == null ? 3 : vaePalette.size();
  }

  /**
   * {@return the palette as RGB in [-1, 1], {@code [P, 3]} row-major, or null without one}
   */
  public float[] vaePaletteRgb() {
    if (vaePalette == null) {
      return null;
    }
    float[] out = new float[3 * vaePalette.size()];
    for (int i = 0; i < vaePalette.size(); i++) {
      int rgb = Integer.parseInt(vaePalette.get(i).substring(1), 16);
      for (int c = 0; c < 3; c++) {
        out[3 * i + c] = ((rgb >> (16 - 8 * c)) & 0xFF) / 127.5f - 1f;
      }
    }
    return out;
  }

  /**
   * This config with a VAE palette (its decoder outputs one logit per colour).
   *
   * @param palette {@code "#RRGGBB"} colours, or null for RGB output
   * @return the new config
   */
  public ModelConfig withVaePalette(List<String> palette) {
    return new ModelConfig(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr,
        patchSize, latentChannels, textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial,
        vaeTemporal, latentHeight, latentWidth, textTokensPerSegment, textTokensBySegments,
        maxSegments, fps, framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels,
        sequenceMixer, slidingWindowSegments, palette, guidance, sceneSetting);
  }

  /**
   * This config with a recommended guidance.
   *
   * @param recommended {@code "SCHEDULE:SCALE"}, or null for the render defaults
   * @return the new config
   */
  public ModelConfig withGuidance(String recommended) {
    return new ModelConfig(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr,
        patchSize, latentChannels, textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial,
        vaeTemporal, latentHeight, latentWidth, textTokensPerSegment, textTokensBySegments,
        maxSegments, fps, framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels,
        sequenceMixer, slidingWindowSegments, vaePalette, recommended, sceneSetting);
  }

  /**
   * A config with the default sequence mixer (the TTT block of {@code tttVariant}) and window.
   *
   * @param name see the record components
   * @param width D
   * @param heads H
   * @param layers layers
   * @param tttVariant inner model
   * @param miniBatch K
   * @param tttBaseLr base lr
   * @param patchSize patch side
   * @param latentChannels latent channels
   * @param textDim text width
   * @param timeEmbedDim time embedding width
   * @param gateInit gate init
   * @param ropeTheta RoPE base
   * @param vaeSpatial spatial compression
   * @param vaeTemporal temporal compression
   * @param latentHeight latent height
   * @param latentWidth latent width
   * @param textTokensPerSegment Tt
   * @param textTokensBySegments fixed Tt table
   * @param maxSegments most segments
   * @param fps frames per second
   * @param framesPerSegment pixel frames per segment
   * @param mlpRatio feed-forward ratio
   * @param layerNormEps LayerNorm eps
   * @param textVocabSize built-in vocabulary rows
   * @param vaeChannels VAE widths
   */
  public ModelConfig(String name, int width, int heads, int layers, TttVariant tttVariant,
      int miniBatch, double tttBaseLr, int patchSize, int latentChannels, int textDim,
      int timeEmbedDim, double gateInit, double ropeTheta, int vaeSpatial, int vaeTemporal,
      int latentHeight, int latentWidth, int textTokensPerSegment,
      Map<Integer, Integer> textTokensBySegments, int maxSegments, int fps,
      int framesPerSegment, int mlpRatio, double layerNormEps, int textVocabSize,
      List<Integer> vaeChannels) {
    this(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr, patchSize, latentChannels,
        textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial, vaeTemporal, latentHeight,
        latentWidth, textTokensPerSegment, textTokensBySegments, maxSegments, fps,
        framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels, null,
        DEFAULT_SLIDING_WINDOW_SEGMENTS);
  }

  /**
   * This config with another sequence mixer. A TTT mixer also sets {@code ttt_variant} (and, when
   * the variant changes, the reference's base lr of the new variant: 1.0 for linear, 0.1 for
   * mlp); the other mixers keep the TTT fields, which they do not use.
   *
   * @param mixer the mixer
   * @param windowSegments the sliding window (>= 1)
   * @return the new config
   */
  public ModelConfig withSequenceMixer(SequenceMixer mixer, int windowSegments) {
    TttVariant variant = mixer.isTtt() ? mixer.tttVariant() : tttVariant;
    double lr = variant == tttVariant ? tttBaseLr : variant == TttVariant.LINEAR ? 1.0 : 0.1;
    return new ModelConfig(name, width, heads, layers, variant, miniBatch, lr, patchSize,
        latentChannels, textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial, vaeTemporal,
        latentHeight, latentWidth, textTokensPerSegment, textTokensBySegments, maxSegments, fps,
        framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels, mixer,
        windowSegments, vaePalette, guidance, sceneSetting);
  }

  /**
   * This config under another name.
   *
   * @param newName the name
   * @return the new config
   */
  public ModelConfig withName(String newName) {
    return new ModelConfig(newName, width, heads, layers, tttVariant, miniBatch, tttBaseLr,
        patchSize, latentChannels, textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial,
        vaeTemporal, latentHeight, latentWidth, textTokensPerSegment, textTokensBySegments,
        maxSegments, fps, framesPerSegment, mlpRatio, layerNormEps, textVocabSize, vaeChannels,
        sequenceMixer, slidingWindowSegments, vaePalette, guidance, sceneSetting);
  }

  /**
   * A config with the network defaults: MLP ratio 4, LayerNorm eps 1e-6, no built-in text
   * vocabulary, the CogVideoX VAE widths.
   *
   * @param name see the record components
   * @param width D
   * @param heads H
   * @param layers layers
   * @param tttVariant inner model
   * @param miniBatch K
   * @param tttBaseLr base lr
   * @param patchSize patch side
   * @param latentChannels latent channels
   * @param textDim text width
   * @param timeEmbedDim time embedding width
   * @param gateInit gate init
   * @param ropeTheta RoPE base
   * @param vaeSpatial spatial compression
   * @param vaeTemporal temporal compression
   * @param latentHeight latent height
   * @param latentWidth latent width
   * @param textTokensPerSegment Tt
   * @param textTokensBySegments fixed Tt table
   * @param maxSegments most segments
   * @param fps frames per second
   * @param framesPerSegment pixel frames per segment
   */
  public ModelConfig(String name, int width, int heads, int layers, TttVariant tttVariant,
      int miniBatch, double tttBaseLr, int patchSize, int latentChannels, int textDim,
      int timeEmbedDim, double gateInit, double ropeTheta, int vaeSpatial, int vaeTemporal,
      int latentHeight, int latentWidth, int textTokensPerSegment,
      Map<Integer, Integer> textTokensBySegments, int maxSegments, int fps,
      int framesPerSegment) {
    this(name, width, heads, layers, tttVariant, miniBatch, tttBaseLr, patchSize, latentChannels,
        textDim, timeEmbedDim, gateInit, ropeTheta, vaeSpatial, vaeTemporal, latentHeight,
        latentWidth, textTokensPerSegment, textTokensBySegments, maxSegments, fps,
        framesPerSegment, DEFAULT_MLP_RATIO, DEFAULT_LAYER_NORM_EPS, 0,
        defaultVaeChannels(vaeSpatial));
  }

  /**
   * CogVideoX-like VAE widths for a spatial compression: 128, 256, 512, 512, ... (pixel level
   * first), one per level.
   *
   * @param vaeSpatial spatial compression (a power of two)
   * @return the widths
   */
  public static List<Integer> defaultVaeChannels(int vaeSpatial) {
    int levels = Integer.numberOfTrailingZeros(Math.max(1, vaeSpatial)) + 1;
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < levels; i++) {
      out.add(Math.min(512, 128 << i));
    }
    return out;
  }

  /**
   * Hidden width of the DiT feed-forward block.
   *
   * @return mlpRatio * width
   */
  public int mlpHidden() {
    return mlpRatio * width;
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new InvalidInputException(
          "model config " + field + " must be >= 1, got " + value);
    }
  }

  /**
   * Names of the built-in presets.
   *
   * @return {@code toon}, {@code 5B}, {@code debug}
   */
  public static List<String> presetNames() {
    return List.of("toon", "5B", "debug");
  }

  /**
   * A built-in preset.
   *
   * <ul>
   *   <li>{@code 5B}: CogVideoX-5B with TTT-MLP layers as in TTT-Video (D 3072, 48 heads, 42
   *       layers, T5-XXL text 4096, latent 60 x 90 = 30 x 45 patches, K 64, official Tt table).
   *   <li>{@code debug}: the official debug size (D 512, 8 heads, 6 layers, text 512) on the 5B
   *       frame geometry.
   *   <li>{@code toon}: the embedded model of the toon world as trained by {@code
   *       ttt-train}'s {@code TrainToonMain}: 64 x 64 frames, D 128, 4 heads, 4 TTT-MLP layers, K
   *       16, latent 8 x 8 with 8 channels, patch 2 = 4 x 4 = 16 tokens per frame, text width 128
   *       with 16 tokens per segment, a 128-entry vocabulary, VAE widths 8, 16, 32, 64, up to 20
   *       segments (the toon world's minute).
   * </ul>
   *
   * @param name the preset name, case ignored
   * @return the config
   * @throws InvalidInputException for an unknown name
   */
  public static ModelConfig preset(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "5b" -> new ModelConfig("5B", 3072, 48, 42, TttVariant.MLP, 64, 0.1, 2, 16, 4096, 512,
          0.1, 10000, 8, 4, 60, 90, 458,
          Map.of(1, 498, 3, 502, 6, 471, 10, 497, 21, 458), 21, 16, 48);
      case "debug" -> new ModelConfig("debug", 512, 8, 6, TttVariant.MLP, 64, 0.1, 2, 16, 512,
          512, 0.1, 10000, 8, 4, 60, 90, 458, Map.of(), 21, 16, 48);
      case "toon" -> new ModelConfig("toon", 128, 4, 4, TttVariant.MLP, 16, 0.1, 2, 8, 128, 128,
          0.1, 10000, 8, 4, 8, 8, 16, Map.of(), 20, 16, 48, 4, 1e-6, 128,
          List.of(8, 16, 32, 64));
      default -> throw new InvalidInputException(
          "unknown model preset " + (name == null ? "null" : "\"" + name + "\"")
              + "; known presets: " + String.join(", ", presetNames()));
    };
  }

  /**
   * Whether a name is a built-in preset.
   *
   * @param name a name, case ignored
   * @return true for {@code toon}, {@code 5B} and {@code debug}
   */
  public static boolean isPreset(String name) {
    return name != null
        && presetNames().stream().anyMatch(p -> p.equalsIgnoreCase(name.strip()));
  }

  /**
   * Head dimension d = D / H.
   *
   * @return the head dimension
   */
  public int headDim() {
    return width / heads;
  }

  /**
   * Rows of the patch grid of one latent frame.
   *
   * @return latentHeight / patchSize
   */
  public int gridHeight() {
    return latentHeight / patchSize;
  }

  /**
   * Columns of the patch grid of one latent frame.
   *
   * @return latentWidth / patchSize
   */
  public int gridWidth() {
    return latentWidth / patchSize;
  }

  /**
   * Tokens per latent frame S.
   *
   * @return gridHeight * gridWidth
   */
  public int tokensPerFrame() {
    return gridHeight() * gridWidth();
  }

  /**
   * Latent frames per segment after the first (the first segment has one more).
   *
   * @return framesPerSegment / vaeTemporal
   */
  public int latentFramesPerSegment() {
    return framesPerSegment / vaeTemporal;
  }

  /**
   * Pixel frame width.
   *
   * @return latentWidth * vaeSpatial
   */
  public int pixelWidth() {
    return latentWidth * vaeSpatial;
  }

  /**
   * Pixel frame height.
   *
   * @return latentHeight * vaeSpatial
   */
  public int pixelHeight() {
    return latentHeight * vaeSpatial;
  }
}
