package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Temporary names in the target folder, atomic moves into place, and clean-up. */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Checks, before any work, that the target's folder exists and is writable and that the target
   * is not an existing folder (for files) or file (for PNG folders).
   */
  static Path checkTarget(Path target, boolean folder) {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new InvalidInputException("output folder does not exist: " + parent);
    }
    if (!Files.isWritable(parent)) {
      throw new InvalidInputException("output folder is not writable: " + parent);
    }
    if (!folder && Files.isDirectory(abs)) {
      throw new InvalidInputException("output path is a folder, expected a file: " + abs);
    }
    if (folder && Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new InvalidInputException("output path is a file, expected a folder: " + abs);
    }
    return abs;
  }

  /** A hidden, unique sibling of the target, keeping its extension (FFmpeg reads it). */
  static Path temporarySibling(Path target, String extension) {
    String name = target.getFileName().toString();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    return target.resolveSibling("." + name + "." + suffix + ".part" + (extension.isEmpty() ? "" : "." + extension));
  }

  /** Moves {@code from} onto {@code to}, atomically where the file system can. */
  static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Replaces a folder by another: the old one is moved aside first, then deleted. */
  static void replaceFolder(Path from, Path to) throws IOException {
    Path aside = null;
    if (Files.exists(to)) {
      aside = temporarySibling(to, "old");
      Files.move(to, aside);
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      if (aside != null) {
        Files.move(aside, to);
      }
      throw e;
    }
    if (aside != null) {
      deleteRecursively(aside);
    }
  }

  /** Writes text to a temporary sibling, then moves it into place. */
  static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = temporarySibling(target, "tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes a file or folder tree; quietly ignores what is already gone. */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The metadata file written beside a video file: {@code NAME.json} next to {@code NAME}. */
  static Path sidecar(Path video) {
    return video.resolveSibling(video.getFileName() + ".json");
  }
}
