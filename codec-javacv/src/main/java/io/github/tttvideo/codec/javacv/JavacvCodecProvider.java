package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The default codec: MP4 (H.264 through OpenH264 in FFmpeg's LGPL build, via JavaCV), animated GIF
 * and PNG frame folders. Every output is written to a hidden temporary sibling of the target and
 * moved into place when complete, with the story metadata stored in the file (MP4) and beside it
 * as JSON ({@code NAME.json}, or {@code metadata.json} inside a PNG folder).
 *
 * <pre>{@code
 * CodecProvider codec = new JavacvCodecProvider();
 * try (VideoWriter w = codec.openWriter(new VideoWriterSpec(
 *     Path.of("out.mp4"), OutputFormat.MP4, 64, 64, 16, "My story", "{\"seed\": 42}"))) {
 *   for (VideoFrame f : frames) {
 *     w.write(f);
 *   }
 *   w.commit();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JavacvCodecProvider implements CodecProvider {

  /** Creates the provider (also what {@link java.util.ServiceLoader} calls). */
  public JavacvCodecProvider() {}

  @Override
  public String name() {
    return "javacv";
  }

  @Override
  public Set<OutputFormat> formats() {
    return EnumSet.allOf(OutputFormat.class);
  }

  @Override
  public VideoWriter openWriter(VideoWriterSpec spec) throws IOException {
    return switch (spec.format()) {
      case MP4 -> new Mp4Writer(spec);
      case GIF -> new GifWriter(spec);
      case PNG -> new PngFolderWriter(spec);
    };
  }

  @Override
  public VideoReader openReader(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return new PngFolderReader(path);
    }
    return new FfmpegReader(path);
  }
}
