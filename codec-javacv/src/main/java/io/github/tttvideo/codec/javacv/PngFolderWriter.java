package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of lossless PNG frames {@code frame_000000.png ...} with {@code video.json} (size, fps,
 * frame count) and {@code metadata.json}. Built in a hidden sibling folder and renamed into place.
 */
final class PngFolderWriter implements VideoWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PngFolderWriter.class);
  static final String INFO_FILE = "video.json";
  static final String METADATA_FILE = "metadata.json";

  private final VideoWriterSpec spec;
  private final Path target;
  private final Path temp;
  private long frames;
  private boolean finished;

  PngFolderWriter(VideoWriterSpec spec) throws IOException {
    this.spec = spec;
    this.target = OutputFiles.checkTarget(spec.target(), true);
    this.temp = OutputFiles.temporarySibling(target, "");
    Files.createDirectory(temp);
  }

  static String frameName(long index) {
    return String.format(Locale.ROOT, "frame_%06d.png", index);
  }

  @Override
  public void write(VideoFrame frame) throws IOException {
    if (finished) {
      throw new IllegalStateException("the writer for " + target + " is closed");
    }
    if (frame.width() != spec.width() || frame.height() != spec.height()) {
      throw new IllegalArgumentException(
          "frame is " + frame.width() + "x" + frame.height() + ", the video is "
              + spec.width() + "x" + spec.height());
    }
    if (!ImageIO.write(Frames.toImage(frame), "png", temp.resolve(frameName(frames)).toFile())) {
      throw new IOException("no PNG encoder available");
    }
    frames++;
  }

  @Override
  public long framesWritten() {
    return frames;
  }

  @Override
  public Path commit() throws IOException {
    if (finished) {
      throw new IllegalStateException("the writer for " + target + " is closed");
    }
    try {
      String info = String.format(Locale.ROOT,
          "{\"width\": %d, \"height\": %d, \"fps\": %d, \"frames\": %d}%n",
          spec.width(), spec.height(), spec.fps(), frames);
      Files.writeString(temp.resolve(INFO_FILE), info);
      if (spec.metadataJson() != null) {
        Files.writeString(temp.resolve(METADATA_FILE), spec.metadataJson());
      }
      OutputFiles.replaceFolder(temp, target);
      finished = true;
      LOG.debug("wrote {} PNG frames to {}", frames, target);
      return target;
    } finally {
      if (!finished) {
        close();
      }
    }
  }

  @Override
  public void close() {
    if (!finished) {
      finished = true;
      try {
        OutputFiles.deleteRecursively(temp);
      } catch (IOException e) {
        LOG.warn("could not delete the partial folder {}: {}", temp, e.getMessage());
      }
    }
  }
}
