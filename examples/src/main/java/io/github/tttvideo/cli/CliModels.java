package io.github.tttvideo.cli;

import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.api.Models;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.render.OutputTargets;
import io.github.tttvideo.core.spi.Providers;
import io.github.tttvideo.spi.BackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Parsing shared by {@code render} and {@code decode} (and, for models, the evaluation and benchmark
 * programs): models, guidance, formats, backends.
 */
public final class CliModels {
  private CliModels() {}

  /** A guidance schedule and its scale. */
  record Guidance(GuidanceSchedule schedule, double scale) {}

  /**
   * {@code --model}: a model directory, a preset name, or a toon baseline ({@code toon-local},
   * {@code toon-sliding}, ...; issue #7). A built-in name written without a path separator is the
   * built-in model even where the working directory holds a folder of that name (a training run
   * called {@code toon}, say); write {@code ./toon} for the folder.
   *
   * @param text the option value
   * @return the reference
   * @throws InvalidInputException if it is neither a built-in name nor a directory
   */
  public static ModelReference model(String text) {
    boolean builtIn = ModelConfig.isPreset(text) || Models.isToonBaseline(text);
    boolean pathLike = text.contains("/") || text.contains(java.io.File.separator);
    Path dir = Path.of(text);
    if ((!builtIn || pathLike) && Files.isDirectory(dir)) {
      return ModelReference.ofDirectory(dir);
    }
    if (builtIn) {
      return ModelReference.ofName(text.strip().toLowerCase(Locale.ROOT).startsWith("toon-")
          ? text.strip().toLowerCase(Locale.ROOT) : text);
    }
    throw new InvalidInputException("unknown model \"" + text + "\": neither a model directory"
        + " nor a built-in name (" + String.join(", ", ModelConfig.presetNames()) + ", "
        + String.join(", ", Models.TOON_BASELINES) + ")");
  }

  /**
   * {@code --guidance}: a number (the scale of the default dynamic schedule), or {@code
   * SCHEDULE:SCALE} with schedule {@code dynamic}, {@code constant} or {@code official}.
   *
   * @param text the option value
   * @return the guidance
   */
  static Guidance guidance(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    int colon = t.indexOf(':');
    GuidanceSchedule schedule = GuidanceSchedule.DYNAMIC_COSINE;
    String number = t;
    if (colon >= 0) {
      String name = t.substring(0, colon);
      number = t.substring(colon + 1);
      schedule = switch (name) {
        case "dynamic" -> GuidanceSchedule.DYNAMIC_COSINE;
        case "constant" -> GuidanceSchedule.CONSTANT;
        case "official" -> GuidanceSchedule.OFFICIAL_TIMESTEP;
        default -> throw new InvalidInputException("--guidance schedule must be dynamic, constant"
            + " or official; got \"" + name + "\"");
      };
    }
    try {
      return new Guidance(schedule, Double.parseDouble(number));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--guidance must be a number or SCHEDULE:NUMBER (for"
          + " example 6, constant:5, official:6); got \"" + text + "\"");
    }
  }

  /**
   * The output format: {@code --format} if given (it must agree with the extension of the
   * output), else the extension ({@code .mp4}, {@code .gif}; none means a PNG folder).
   *
   * @param out the output path
   * @param format the option value, or null
   * @return the format
   */
  static OutputFormat format(Path out, String format) {
    if (format == null) {
      return OutputFormat.fromPath(out);
    }
    OutputFormat f = OutputFormat.fromName(format);
    OutputFormat byName = OutputTargets.formatOf(out, f);
    if (byName != f) {
      throw new InvalidInputException("--format " + f.extension() + " does not match output " + out
          + " (." + byName.extension() + ")");
    }
    return f;
  }

  /**
   * Checks {@code --backend} against the backends on the class path, so that a typo is a usage
   * error (exit status 2) rather than a missing installation (1).
   *
   * @param name the option value, or null
   */
  static void checkBackend(String name) {
    if (name == null) {
      return;
    }
    List<BackendProvider> found = Providers.backends();
    if (found.stream().noneMatch(b -> b.name().equalsIgnoreCase(name.strip()))) {
      throw new InvalidInputException("unknown backend \"" + name + "\"; available: "
          + (found.isEmpty() ? "none (add io.github.tttvideo:backend-djl)"
              : String.join(", ", found.stream().map(BackendProvider::name).toList())));
    }
  }
}
