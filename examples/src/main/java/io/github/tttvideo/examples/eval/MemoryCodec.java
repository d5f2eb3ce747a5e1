package io.github.tttvideo.examples.eval;

import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A codec that keeps the frames of one render in memory instead of writing a file, so the
 * evaluation probes exactly the decoder's pixels (no compression) and leaves nothing on disk.
 * Not registered as a service: the evaluation hands it to its {@code RenderPipeline}.
 */
final class MemoryCodec implements CodecProvider {
  private final List<VideoFrame> frames = new ArrayList<>();

  /**
   * Takes the frames of the last render and forgets them.
   *
   * @return the frames in order
   */
  synchronized List<VideoFrame> take() {
    List<VideoFrame> out = List.copyOf(frames);
    frames.clear();
    return out;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Set<OutputFormat> formats() {
    return EnumSet.allOf(OutputFormat.class);
  }

  @Override
  public VideoWriter openWriter(VideoWriterSpec spec) {
    synchronized (this) {
      frames.clear();
    }
    return new VideoWriter() {
      private final List<VideoFrame> pending = new ArrayList<>();

      @Override
      public void write(VideoFrame frame) {
        pending.add(frame);
      }

      @Override
      public long framesWritten() {
        return pending.size();
      }

      @Override
      public Path commit() {
        synchronized (MemoryCodec.this) {
          frames.addAll(pending);
        }
        return spec.target();
      }

      @Override
      public void close() {
        pending.clear();
      }
    };
  }

  @Override
  public VideoReader openReader(Path path) {
    throw new UnsupportedOperationException("the memory codec does not read files");
  }
}
