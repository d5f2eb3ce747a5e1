package io.github.tttvideo.tck.internal;

import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A codec for the kit's renders, so that a backend is checked without FFmpeg: raw RGB frames,
 * written to a hidden temporary sibling and moved into place on commit, as the codec contract
 * asks ({@link VideoWriter}). Writes every format the same way, always as one file.
 */
public final class RawFramesCodec implements CodecProvider {

  @Override
  public String name() {
    return "tck-raw";
  }

  @Override
  public int rank() {
    return -1000;
  }

  @Override
  public Set<OutputFormat> formats() {
    return EnumSet.allOf(OutputFormat.class);
  }

  @Override
  public VideoWriter openWriter(VideoWriterSpec spec) throws IOException {
    Path target = spec.target().toAbsolutePath();
    if (!Files.isDirectory(target.getParent())) {
      throw new NoSuchFileException(target.getParent().toString());
    }
    return new Writer(target);
  }

  @Override
  public VideoReader openReader(Path path) throws IOException {
    throw new IOException("the kit's codec " + name() + " only writes");
  }

  private static final class Writer implements VideoWriter {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private long frames;
    private boolean finished;

    Writer(Path target) throws IOException {
      this.target = target;
      this.temp = target.resolveSibling("." + target.getFileName() + ".part");
      this.out = new BufferedOutputStream(Files.newOutputStream(temp));
    }

    @Override
    public void write(VideoFrame frame) throws IOException {
      out.write(frame.rgb());
      frames++;
    }

    @Override
    public long framesWritten() {
      return frames;
    }

    @Override
    public Path commit() throws IOException {
      out.close();
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      finished = true;
      return target;
    }

    @Override
    public void close() {
      if (finished) {
        return;
      }
      finished = true;
      try {
        out.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot discard " + temp, e);
      }
    }
  }
}
