package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MP4 with H.264 from the OpenH264 encoder (BSD-licensed; FFmpeg's GPL x264 is not used). The
 * story metadata goes into the container's {@code comment} tag and a sidecar JSON file.
 */
final class Mp4Writer implements VideoWriter {
  private static final Logger LOG = LoggerFactory.getLogger(Mp4Writer.class);

  private final VideoWriterSpec spec;
  private final Path target;
  private final Path temp;
  private final Thread owner = Thread.currentThread();
  private FFmpegFrameRecorder recorder;
  private long frames;
  private boolean finished;

  Mp4Writer(VideoWriterSpec spec) throws IOException {
    FfmpegSupport.init();
    this.spec = spec;
    this.target = OutputFiles.checkTarget(spec.target(), false);
    this.temp = OutputFiles.temporarySibling(target, "mp4");
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), spec.width(), spec.height());
    r.setFormat("mp4");
    r.setVideoCodecName("libopenh264");
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setFrameRate(spec.fps());
    // Generous bit rate: frames are small, and the evaluation reads pixels back.
    r.setVideoBitrate(Math.max(1_000_000, spec.width() * spec.height() * spec.fps() * 2));
    r.setGopSize(spec.fps());
    if (!spec.title().isEmpty()) {
      r.setMetadata("title", spec.title());
    }
    if (spec.metadataJson() != null) {
      r.setMetadata("comment", spec.metadataJson());
    }
    try {
      r.start();
    } catch (FFmpegFrameRecorder.Exception e) {
      safeRelease(r);
      Files.deleteIfExists(temp);
      throw new IOException("cannot start the H.264 encoder for " + target + ": " + e.getMessage(), e);
    }
    this.recorder = r;
  }

  @Override
  public void write(VideoFrame frame) throws IOException {
    checkOpen();
    if (frame.width() != spec.width() || frame.height() != spec.height()) {
      throw new IllegalArgumentException(
          "frame is " + frame.width() + "x" + frame.height() + ", the video is "
              + spec.width() + "x" + spec.height());
    }
    try {
      // [H, W, 3] RGB24 -> encoder's YUV420P (converted by swscale inside the recorder)
      recorder.recordImage(
          frame.width(), frame.height(), Frame.DEPTH_UBYTE, 3, frame.width() * 3,
          avutil.AV_PIX_FMT_RGB24, ByteBuffer.wrap(frame.rgb()));
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("encoding frame " + frames + " failed: " + e.getMessage(), e);
    }
    frames++;
  }

  @Override
  public long framesWritten() {
    return frames;
  }

  @Override
  public Path commit() throws IOException {
    checkOpen();
    try {
      recorder.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      close();
      throw new IOException("finishing " + target + " failed: " + e.getMessage(), e);
    }
    safeRelease(recorder);
    recorder = null;
    try {
      if (spec.metadataJson() != null) {
        OutputFiles.writeAtomically(OutputFiles.sidecar(target), spec.metadataJson());
      }
      OutputFiles.moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    finished = true;
    LOG.debug("wrote {} frames to {}", frames, target);
    return target;
  }

  @Override
  public void close() {
    if (recorder != null) {
      safeRelease(recorder);
      recorder = null;
    }
    if (!finished) {
      finished = true;
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.warn("could not delete the partial file {}: {}", temp, e.getMessage());
      }
    }
  }

  private void checkOpen() {
    if (recorder == null || finished) {
      throw new IllegalStateException("the writer for " + target + " is closed");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a video writer is confined to the thread that opened it");
    }
  }

  private static void safeRelease(FFmpegFrameRecorder r) {
    try {
      r.release();
    } catch (FFmpegFrameRecorder.Exception e) {
      LOG.warn("releasing the encoder failed: {}", e.getMessage());
    }
  }
}
