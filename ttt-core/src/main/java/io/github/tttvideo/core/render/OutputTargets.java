package io.github.tttvideo.core.render;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.OutputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks an output path before any computation, so a long render never fails at the very end
 * because its folder is missing or read-only.
 *
 * @since 0.1.0
 */
public final class OutputTargets {

  private OutputTargets() {}

  /**
   * The format of an output: its file extension when that names a format ({@code .mp4}, {@code
   * .gif}, {@code .png}), else the format of the options (so {@code frames} with PNG is a frame
   * folder and {@code clip} with MP4 an MP4 file without extension).
   *
   * @param out the output path
   * @param fallback the format from the options
   * @return the format
   * @throws InvalidInputException for an extension that names no format
   */
  public static OutputFormat formatOf(Path out, OutputFormat fallback) {
    Path fileName = out.getFileName();
    String name = fileName == null ? "" : fileName.toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return fallback;
    }
    String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (OutputFormat f : OutputFormat.values()) {
      if (f.extension().equals(ext)) {
        return f;
      }
    }
    throw new InvalidInputException("output " + out + " has extension ." + ext
        + ", which names no format; use .mp4, .gif or .png (a folder of PNG frames)");
  }

  /**
   * Checks that the output can be written: its folder exists, is a folder and is writable, and
   * the output itself is not a folder (for MP4 and GIF) or a file (for PNG).
   *
   * @param out the output path
   * @param format its format
   * @throws InvalidInputException if it cannot be written
   */
  public static void check(Path out, OutputFormat format) {
    Path abs = out.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null) {
      throw new InvalidInputException("output " + out + " has no parent folder");
    }
    if (!Files.exists(parent)) {
      throw new InvalidInputException("output folder " + parent + " does not exist");
    }
    if (!Files.isDirectory(parent)) {
      throw new InvalidInputException("output folder " + parent + " is not a folder");
    }
    if (!Files.isWritable(parent)) {
      throw new InvalidInputException("output folder " + parent + " is not writable");
    }
    if (format == OutputFormat.PNG) {
      if (Files.exists(abs) && !Files.isDirectory(abs)) {
        throw new InvalidInputException("output " + out + " is a file, but PNG frames need a folder");
      }
    } else if (Files.isDirectory(abs)) {
      throw new InvalidInputException("output " + out + " is a folder, not a " + format.extension()
          + " file");
    } else if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw new InvalidInputException("output " + out + " exists and is not writable");
    }
  }

  /**
   * Where latents are kept next to an output: {@code OUT.latents.safetensors}.
   *
   * @param out the output path
   * @return the latents path
   */
  public static Path latentsBeside(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".latents.safetensors");
  }
}
