package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes an MP4 or GIF to RGB frames with FFmpeg. */
final class FfmpegReader implements VideoReader {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegReader.class);

  private final Path path;
  private FFmpegFrameGrabber grabber;

  FfmpegReader(Path path) throws IOException {
    FfmpegSupport.init();
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    this.path = path;
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(path.toFile());
    g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    try {
      g.start();
    } catch (FFmpegFrameGrabber.Exception e) {
      release(g);
      throw new IOException("cannot decode " + path + ": " + e.getMessage(), e);
    }
    this.grabber = g;
  }

  @Override
  public int width() {
    return grabber.getImageWidth();
  }

  @Override
  public int height() {
    return grabber.getImageHeight();
  }

  @Override
  public double fps() {
    return grabber.getFrameRate();
  }

  @Override
  public Optional<String> metadataJson() {
    // The sidecar is what the writer stored for every format; the MP4 comment tag is the copy
    // that travels with the file when the sidecar is lost.
    Path side = OutputFiles.sidecar(path);
    try {
      if (Files.isRegularFile(side)) {
        return Optional.of(Files.readString(side));
      }
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", side, e.getMessage());
    }
    String comment = grabber.getMetadata("comment");
    return comment != null && comment.trim().startsWith("{") ? Optional.of(comment) : Optional.empty();
  }

  @Override
  public VideoFrame next() throws IOException {
    if (grabber == null) {
      throw new IllegalStateException("the reader for " + path + " is closed");
    }
    Frame f;
    try {
      f = grabber.grabImage();
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new IOException("decoding " + path + " failed: " + e.getMessage(), e);
    }
    if (f == null) {
      return null;
    }
    int w = f.imageWidth;
    int h = f.imageHeight;
    ByteBuffer buf = (ByteBuffer) f.image[0];
    byte[] rgb = new byte[w * h * 3];
    int stride = f.imageStride;
    for (int y = 0; y < h; y++) {
      buf.position(y * stride);
      buf.get(rgb, y * w * 3, w * 3);
    }
    buf.rewind();
    return new VideoFrame(w, h, rgb);
  }

  @Override
  public void close() {
    if (grabber != null) {
      release(grabber);
      grabber = null;
    }
  }

  private static void release(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
      LOG.warn("releasing the decoder failed: {}", e.getMessage());
    }
  }
}
