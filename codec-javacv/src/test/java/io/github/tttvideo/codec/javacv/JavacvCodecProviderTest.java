package io.github.tttvideo.codec.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class JavacvCodecProviderTest {
  private static final Logger LOG = LoggerFactory.getLogger(JavacvCodecProviderTest.class);
  private static final int W = 64;
  private static final int H = 64;
  private static final String META = "{\"title\": \"t\", \"seed\": 42}";

  @TempDir Path dir;
  private final CodecProvider codec = new JavacvCodecProvider();

  /** Flat wall/floor bands and a moving ellipse: the kind of picture the toon world draws. */
  static VideoFrame toonFrame(int t) {
    byte[] rgb = new byte[W * H * 3];
    int cx = 10 + t % 44;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int c = y < 40 ? 0xF2D16B : 0xB5793A;
        double dx = (x - cx) / 8.0;
        double dy = (y - 40) / 6.0;
        if (dx * dx + dy * dy <= 1) {
          c = 0xE08A2E;
        }
        int i = (y * W + x) * 3;
        rgb[i] = (byte) (c >> 16);
        rgb[i + 1] = (byte) (c >> 8);
        rgb[i + 2] = (byte) c;
      }
    }
    return new VideoFrame(W, H, rgb);
  }

  private Path write(OutputFormat format, String name, int frames) throws IOException {
    try (VideoWriter w = codec.openWriter(new VideoWriterSpec(dir.resolve(name), format, W, H, 16, "t", META))) {
      for (int t = 0; t < frames; t++) {
        w.write(toonFrame(t));
      }
      assertEquals(frames, w.framesWritten());
      return w.commit();
    }
  }

  private static double meanAbsError(VideoFrame a, VideoFrame b) {
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
    }
    return (double) sum / a.rgb().length;
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void roundTripKeepsFrameCountSizeAndPixels(OutputFormat format) throws IOException {
    int frames = 49;
    Path out = write(format, "story." + format.extension(), frames);
    assertTrue(Files.exists(out));
    double worst = 0;
    double total = 0;
    int n = 0;
    try (VideoReader r = codec.openReader(out)) {
      assertEquals(W, r.width());
      assertEquals(H, r.height());
      double expectedFps = format == OutputFormat.GIF ? 100.0 / 6 : 16.0;
      assertEquals(expectedFps, r.fps(), 0.01);
      assertEquals(META, r.metadataJson().orElseThrow());
      VideoFrame f;
      while ((f = r.next()) != null) {
        double mae = meanAbsError(toonFrame(n), f);
        worst = Math.max(worst, mae);
        total += mae;
        n++;
      }
    }
    assertEquals(frames, n);
    LOG.info("{} round trip: mean abs error {} (worst frame {}) on a 0..255 scale",
        format, String.format("%.3f", total / n), String.format("%.3f", worst));
    if (format == OutputFormat.MP4) {
      assertTrue(total / n < 3.0, "H.264 mean abs error " + total / n);
    } else {
      assertEquals(0.0, worst, "lossless formats must give the frames back exactly");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".part")), "no temporary file left");
    }
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void closingWithoutCommitLeavesNothing(OutputFormat format) throws IOException {
    Path target = dir.resolve("aborted." + format.extension());
    try (VideoWriter w = codec.openWriter(new VideoWriterSpec(target, format, W, H, 16, "", META))) {
      w.write(toonFrame(0));
      w.write(toonFrame(1));
    }
    assertFalse(Files.exists(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.count(), "the folder must be empty after an aborted write");
    }
  }

  @Test
  void missingOrUnwritableFolderFailsBeforeAnyWork() throws IOException {
    Path missing = dir.resolve("no/such/folder/out.mp4");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> codec.openWriter(new VideoWriterSpec(missing, OutputFormat.MP4, W, H, 16, "", null)));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

    Path locked = Files.createDirectory(dir.resolve("locked"));
    assertTrue(locked.toFile().setWritable(false, false));
    try {
      if (!Files.isWritable(locked)) { // root may write anyway
        e = assertThrows(InvalidInputException.class, () -> codec.openWriter(
            new VideoWriterSpec(locked.resolve("out.mp4"), OutputFormat.MP4, W, H, 16, "", null)));
        assertTrue(e.getMessage().contains("not writable"), e.getMessage());
      }
    } finally {
      locked.toFile().setWritable(true, false);
    }
    Path folder = Files.createDirectory(dir.resolve("a-folder.mp4"));
    e = assertThrows(InvalidInputException.class,
        () -> codec.openWriter(new VideoWriterSpec(folder, OutputFormat.MP4, W, H, 16, "", null)));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
  }

  @Test
  void wrongFrameSizeIsRejected() throws IOException {
    try (VideoWriter w = codec.openWriter(
        new VideoWriterSpec(dir.resolve("x.mp4"), OutputFormat.MP4, W, H, 16, "", null))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.write(new VideoFrame(32, 32, new byte[32 * 32 * 3])));
      assertTrue(e.getMessage().contains("32x32"));
    }
  }

  @Test
  void writersOnSeveralThreadsEachProduceTheirFile() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "par" + i + ".mp4";
        results.add(pool.submit(() -> write(OutputFormat.MP4, name, 20)));
      }
      for (Future<Path> f : results) {
        try (VideoReader r = codec.openReader(f.get())) {
          int n = 0;
          while (r.next() != null) {
            n++;
          }
          assertEquals(20, n);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWriterIsConfinedToItsThread() throws Exception {
    try (VideoWriter w = codec.openWriter(
        new VideoWriterSpec(dir.resolve("c.mp4"), OutputFormat.MP4, W, H, 16, "", null))) {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> f = pool.submit(() -> {
          w.write(toonFrame(0));
          return null;
        });
        Exception e = assertThrows(Exception.class, f::get);
        assertTrue(e.getCause() instanceof IllegalStateException);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void replacingAnExistingPngFolderKeepsOnlyTheNewFrames() throws IOException {
    write(OutputFormat.PNG, "frames", 5);
    write(OutputFormat.PNG, "frames", 3);
    try (VideoReader r = codec.openReader(dir.resolve("frames"))) {
      int n = 0;
      while (r.next() != null) {
        n++;
      }
      assertEquals(3, n);
    }
  }

  @Test
  void readingAFileThatIsNotAVideoFails() throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.mp4"), "not a video");
    assertThrows(IOException.class, () -> codec.openReader(junk));
  }

  @Test
  void theProviderIsFoundByServiceLoader() {
    List<String> names = ServiceLoader.load(CodecProvider.class).stream()
        .map(p -> p.get().name()).toList();
    assertEquals(List.of("javacv"), names);
  }

  @Test
  void formatsParseFromNamesAndPaths() {
    assertEquals(OutputFormat.GIF, OutputFormat.fromName("GIF"));
    assertEquals(OutputFormat.MP4, OutputFormat.fromPath(Path.of("a/b.mp4")));
    assertEquals(OutputFormat.PNG, OutputFormat.fromPath(Path.of("a/frames")));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> OutputFormat.fromName("avi"));
    assertTrue(e.getMessage().contains("avi"));
  }
}
