package io.github.tttvideo.examples.bench;

import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.render.RenderPipeline;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Measures how memory grows with video length: renders one story of N segments in this JVM and
 * prints one table row with the wall time, the peak Java heap (the sum of the heap pools' peak
 * usage, which includes garbage not yet collected and so depends on when the collector runs), the
 * largest heap in use after a collection (the live data: what really grows with length) and the
 * process's peak resident memory. Run it once per length, in a fresh JVM each:
 *
 * <pre>
 * java -cp "examples/target/ttt-video.jar:examples/target/lib/*" \
 *     io.github.tttvideo.examples.bench.RenderMemoryBenchmark MODEL_DIR SEGMENTS [STEPS] [OUT_DIR]
 * </pre>
 */
public final class RenderMemoryBenchmark {
  private RenderMemoryBenchmark() {}

  /**
   * Entry point.
   *
   * @param args model directory, segments, steps (default 2), output folder (default a temp dir)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RenderMemoryBenchmark MODEL_DIR SEGMENTS [STEPS] [OUT_DIR]");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    int segments = Integer.parseInt(args[1]);
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path outDir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("ttt-mem");
    String[] rooms = {"In the kitchen.", "In the garden.", "On the beach.", "In the bedroom."};
    VideoStory.Builder b = VideoStory.builder().model(model).seed(7).steps(steps);
    Scene scene = null;
    for (int i = 0; i < segments; i++) {
      String text = (i % 5 == 0 ? rooms[(i / 5) % rooms.length] + " " : "")
          + (i == 0 ? "Tom the orange cat and Jerry the brown mouse are here. " : "")
          + (i % 2 == 0 ? "Tom chases Jerry to the left." : "Jerry runs away from Tom.");
      if (i % 5 == 0) {
        if (scene != null) {
          b.scene(scene);
        }
        scene = Scene.of(text);
        if (i > 0) {
          scene = scene.transition();
        }
      } else {
        scene = scene.then(text);
      }
    }
    b.scene(scene);
    VideoStory story = b.build();
    AtomicLong liveAfterGc = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long used = 0;
          for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            used += u.getUsed();
          }
          liveAfterGc.accumulateAndGet(used, Math::max);
        }
      }, null, null);
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    Path out = outDir.resolve("mem-" + segments + ".mp4");
    long t0 = System.nanoTime();
    RenderedVideo video =
        RenderPipeline.defaults().render(story, out, ProgressListener.none(), new RenderControl());
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    long peakRssKb = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        peakRssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    System.out.printf(Locale.ROOT, "| %d | %d s | %d | %d | %.1f | %.1f | %.1f | %.0f |%n",
        segments, story.durationSeconds(), steps, video.frames(), seconds,
        peakHeap / 1048576.0, liveAfterGc.get() / 1048576.0, peakRssKb / 1024.0);
  }
}
