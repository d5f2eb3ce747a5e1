package io.github.tttvideo.core.testing;

import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A lossless stand-in codec named {@code fake} (rank -100): writes raw RGB frames after a small
 * header to a hidden temporary sibling and moves it into place on commit, with the metadata JSON
 * beside it ({@code NAME.json}). Every format is written the same way, always as a file.
 */
public final class FakeCodecProvider implements CodecProvider {

  /** Creates the provider. */
  public FakeCodecProvider() {}

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int rank() {
    return -100;
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
    return new Writer(spec, target);
  }

  @Override
  public VideoReader openReader(Path path) throws IOException {
    return new Reader(path);
  }

  private static final class Writer implements VideoWriter {
    private final VideoWriterSpec spec;
    private final Path target;
    private final Path temp;
    private final DataOutputStream out;
    private long frames;
    private boolean committed;

    Writer(VideoWriterSpec spec, Path target) throws IOException {
      this.spec = spec;
      this.target = target;
      this.temp = target.resolveSibling("." + target.getFileName() + ".part");
      this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)));
      out.writeInt(spec.width());
      out.writeInt(spec.height());
      out.writeInt(spec.fps());
      byte[] meta = (spec.metadataJson() == null ? "" : spec.metadataJson())
          .getBytes(StandardCharsets.UTF_8);
      out.writeInt(meta.length);
      out.write(meta);
    }

    @Override
    public void write(VideoFrame frame) throws IOException {
      if (frame.width() != spec.width() || frame.height() != spec.height()) {
        throw new IOException("frame size differs from the spec");
      }
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
      if (spec.metadataJson() != null) {
        Files.writeString(target.resolveSibling(target.getFileName() + ".json"), spec.metadataJson());
      }
      committed = true;
      return target;
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException ignored) {
        // closing a finished or failed stream
      }
      if (!committed) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  private static final class Reader implements VideoReader {
    private final DataInputStream in;
    private final int width;
    private final int height;
    private final int fps;
    private final String meta;

    Reader(Path path) throws IOException {
      InputStream raw = Files.newInputStream(path);
      in = new DataInputStream(new java.io.BufferedInputStream(raw));
      width = in.readInt();
      height = in.readInt();
      fps = in.readInt();
      byte[] m = new byte[in.readInt()];
      in.readFully(m);
      meta = new String(m, StandardCharsets.UTF_8);
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
      return meta.isEmpty() ? Optional.empty() : Optional.of(meta);
    }

    @Override
    public VideoFrame next() throws IOException {
      byte[] rgb = new byte[width * height * 3];
      try {
        in.readFully(rgb);
      } catch (EOFException e) {
        return null;
      }
      return new VideoFrame(width, height, rgb);
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
