package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Reads a PNG frame folder written by {@link PngFolderWriter}. */
final class PngFolderReader implements VideoReader {
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final int width;
  private final int height;
  private final int fps;
  private final long frames;
  private long nextIndex;

  PngFolderReader(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    Path info = dir.resolve(PngFolderWriter.INFO_FILE);
    if (!Files.isRegularFile(info)) {
      throw new InvalidInputException("not a ttt-video PNG folder (no video.json): " + dir);
    }
    String text = Files.readString(info);
    this.width = (int) field(text, "width", info);
    this.height = (int) field(text, "height", info);
    this.fps = (int) field(text, "fps", info);
    this.frames = field(text, "frames", info);
    this.dir = dir;
  }

  private static long field(String json, String name, Path file) {
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return Long.parseLong(m.group(2));
      }
    }
    throw new InvalidInputException(file + " has no numeric field \"" + name + "\"");
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public double fps() {
    return fps;
  }

  @Override
  public Optional<String> metadataJson() {
    Path md = dir.resolve(PngFolderWriter.METADATA_FILE);
    try {
      return Files.isRegularFile(md) ? Optional.of(Files.readString(md)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public VideoFrame next() throws IOException {
    if (nextIndex >= frames) {
      return null;
    }
    Path file = dir.resolve(PngFolderWriter.frameName(nextIndex));
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException("not a PNG image: " + file);
    }
    nextIndex++;
    return Frames.fromImage(img);
  }

  @Override
  public void close() {
    nextIndex = frames;
  }
}
