package io.github.tttvideo.core.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tttvideo.api.GuidanceSchedule;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.ProgressListener;
import io.github.tttvideo.api.RenderCancelledException;
import io.github.tttvideo.api.RenderControl;
import io.github.tttvideo.api.RenderOptions;
import io.github.tttvideo.api.RenderedVideo;
import io.github.tttvideo.api.Scene;
import io.github.tttvideo.api.TttException;
import io.github.tttvideo.api.VideoStory;
import io.github.tttvideo.core.testing.FakeBackendProvider;
import io.github.tttvideo.core.testing.FakeCodecProvider;
import io.github.tttvideo.core.testing.FakeModels;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderPipelineTest {

  @TempDir Path tmp;
  Path model;
  Path outDir;

  private final RenderPipeline pipeline = RenderPipeline.builder()
      .backend(new FakeBackendProvider()).codec(new FakeCodecProvider()).build();

  @BeforeEach
  void setUp() throws IOException {
    FakeBackendProvider.reset();
    model = FakeModels.directory(tmp.resolve("model"));
    outDir = Files.createDirectories(tmp.resolve("out"));
  }

  private VideoStory story(int segments, long seed, int steps) {
    Scene first = Scene.of("Tom chases Jerry in the kitchen.").negative("blurry");
    for (int i = 1; i < Math.min(segments, 2); i++) {
      first = first.then("Jerry hides in a hole.");
    }
    VideoStory.Builder b = VideoStory.builder().title("chase").scene(first);
    for (int i = 2; i < segments; i++) {
      b.scene(Scene.of("Scene " + i + ": Tom sleeps on the sofa.").transition());
    }
    return b.seed(seed).steps(steps).model(model).build();
  }

  private static List<byte[]> frames(Path video) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (VideoReader r = new FakeCodecProvider().openReader(video)) {
      for (VideoFrame f = r.next(); f != null; f = r.next()) {
        out.add(f.rgb());
      }
    }
    return out;
  }

  private List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void rendersOnePlus48FramesPerSegmentAt16Fps() throws IOException {
    for (int n = 1; n <= 3; n++) {
      Path out = outDir.resolve("v" + n + ".mp4");
      RenderedVideo v = pipeline.render(story(n, 1, 3), out, ProgressListener.none(),
          new RenderControl());
      assertEquals(1 + 48 * n, v.frames());
      assertEquals(16, v.fps());
      assertEquals(out.toAbsolutePath(), v.path());
      assertEquals(1 + 48 * n, frames(out).size());
      try (VideoReader r = new FakeCodecProvider().openReader(out)) {
        assertEquals(16.0, r.fps());
        assertEquals(32, r.width());
      }
      assertEquals(Duration.ofNanos(Math.round((1 + 48 * n) * 1e9 / 16)), v.duration());
      assertEquals(1, v.seed());
    }
    assertEquals(0, FakeBackendProvider.OPEN.get(), "every model is closed");
  }

  @Test
  void sameSeedGivesSameFramesAndAnotherSeedOthers() throws IOException {
    Path a = outDir.resolve("a.mp4");
    Path b = outDir.resolve("b.mp4");
    Path c = outDir.resolve("c.mp4");
    pipeline.render(story(2, 42, 4), a, ProgressListener.none(), new RenderControl());
    pipeline.render(story(2, 42, 4), b, ProgressListener.none(), new RenderControl());
    pipeline.render(story(2, 43, 4), c, ProgressListener.none(), new RenderControl());
    List<byte[]> fa = frames(a);
    List<byte[]> fb = frames(b);
    List<byte[]> fc = frames(c);
    for (int i = 0; i < fa.size(); i++) {
      assertArrayEquals(fa.get(i), fb.get(i), "frame " + i);
    }
    boolean differs = false;
    for (int i = 0; i < fa.size(); i++) {
      differs |= !java.util.Arrays.equals(fa.get(i), fc.get(i));
    }
    assertTrue(differs, "another seed gives other frames");
  }

  @Test
  void samplersDifferAndDdimIsSelectable() {
    RenderPipeline ddim = RenderPipeline.builder().backend(new FakeBackendProvider())
        .codec(new FakeCodecProvider()).sampler(SamplerKind.DDIM).build();
    Latents d = ddim.sample(story(1, 5, 4), ProgressListener.none(), new RenderControl());
    Latents p = pipeline.sample(story(1, 5, 4), ProgressListener.none(), new RenderControl());
    assertEquals(SamplerKind.DDIM, d.sampler());
    assertFalse(java.util.Arrays.equals(d.data(), p.data()));
    assertArrayEquals(d.data(),
        ddim.sample(story(1, 5, 4), ProgressListener.none(), new RenderControl()).data());
  }

  @Test
  void cancellingAtAStepThrowsAndLeavesNoFile() throws IOException {
    RenderControl control = new RenderControl();
    ProgressListener cancelAt2 = new ProgressListener() {
      @Override
      public void onStep(int step, int total, Duration elapsed, Duration eta) {
        if (step == 2) {
          control.cancel();
        }
      }
    };
    Path out = outDir.resolve("x.mp4");
    RenderCancelledException e = assertThrows(RenderCancelledException.class,
        () -> pipeline.render(story(2, 1, 5), out, cancelAt2, control));
    assertTrue(e.getMessage().contains("step 3 of 5"), e.getMessage());
    assertEquals(4, FakeBackendProvider.CALLS.get(), "two steps ran, two calls each");
    assertEquals(List.of(), filesIn(outDir), "no output, no temporary file");
    assertEquals(0, FakeBackendProvider.OPEN.get());
  }

  @Test
  void cancellingWhileDecodingLeavesNoFile() throws IOException {
    RenderControl control = new RenderControl();
    ProgressListener cancelAfterFirstSegment = new ProgressListener() {
      @Override
      public void onSegmentDecoded(int index, int total, int frames, Duration elapsed) {
        control.cancel();
      }
    };
    Path out = outDir.resolve("x.mp4");
    assertThrows(RenderCancelledException.class,
        () -> pipeline.render(story(3, 1, 2), out, cancelAfterFirstSegment, control));
    assertEquals(List.of(), filesIn(outDir), "no output, no temporary file, no latents");
  }

  @Test
  void interruptingTheThreadCancels() throws IOException {
    ProgressListener interrupt = new ProgressListener() {
      @Override
      public void onStep(int step, int total, Duration elapsed, Duration eta) {
        Thread.currentThread().interrupt();
      }
    };
    try {
      assertThrows(RenderCancelledException.class, () -> pipeline.render(
          story(1, 1, 3), outDir.resolve("x.mp4"), interrupt, new RenderControl()));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set");
    } finally {
      Thread.interrupted();
    }
    assertEquals(List.of(), filesIn(outDir));
  }

  @Test
  void missingOrUnusableOutputFolderFailsBeforeAnyComputation() throws IOException {
    Path missing = tmp.resolve("no/such/folder/out.mp4");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> pipeline.render(
        story(1, 1, 3), missing, ProgressListener.none(), new RenderControl()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    assertThrows(InvalidInputException.class, () -> pipeline.render(
        story(1, 1, 3), file.resolve("out.mp4"), ProgressListener.none(), new RenderControl()));
    Path folder = Files.createDirectories(outDir.resolve("taken.mp4"));
    assertThrows(InvalidInputException.class, () -> pipeline.render(
        story(1, 1, 3), folder, ProgressListener.none(), new RenderControl()));
    assertThrows(InvalidInputException.class, () -> pipeline.render(
        story(1, 1, 3), outDir.resolve("x.avi"), ProgressListener.none(), new RenderControl()));
    assertEquals(0, FakeBackendProvider.CALLS.get());
    assertEquals(0, FakeBackendProvider.LOADS.get(), "not even the model was loaded");
  }

  @Test
  void storyLongerThanTheModelFailsBeforeAnyComputation() throws IOException {
    Path small = FakeModels.directory(tmp.resolve("small"), 4, 2);
    VideoStory tooLong = story(3, 1, 3).toBuilder().model(small).build();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> pipeline.render(
        tooLong, outDir.resolve("x.mp4"), ProgressListener.none(), new RenderControl()));
    assertTrue(e.getMessage().contains("at most 2 segments"), e.getMessage());
    assertEquals(0, FakeBackendProvider.LOADS.get());
  }

  @Test
  void aSizeOtherThanTheModelsIsRejected() {
    VideoStory big = story(1, 1, 3).toBuilder()
        .options(RenderOptions.builder().size(64, 64).build()).build();
    assertThrows(InvalidInputException.class, () -> pipeline.render(
        big, outDir.resolve("x.mp4"), ProgressListener.none(), new RenderControl()));
  }

  @Test
  void builtInModelWithoutWeightsSaysSo() {
    VideoStory toon = story(1, 1, 3).toBuilder().model("toon").build();
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> pipeline.render(
        toon, outDir.resolve("x.mp4"), ProgressListener.none(), new RenderControl()));
    assertTrue(e.getMessage().contains("\"toon\" is not available yet"), e.getMessage());
    assertTrue(e.getMessage().contains("model directory"), e.getMessage());
  }

  @Test
  void decodingFailureSavesTheLatentsAndNamesThem() throws IOException {
    FakeBackendProvider.failDecodeAtSegment = 1;
    Path out = outDir.resolve("fail.mp4");
    VideoStory s = story(2, 9, 3);
    TttException e = assertThrows(TttException.class,
        () -> pipeline.render(s, out, ProgressListener.none(), new RenderControl()));
    Path latents = OutputTargets.latentsBeside(out);
    assertTrue(e.getMessage().contains(latents.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("fake decoder failure"), e.getMessage());
    assertEquals(List.of(latents), filesIn(outDir), "only the latents, no partial video");

    FakeBackendProvider.failDecodeAtSegment = -1;
    int callsBefore = FakeBackendProvider.CALLS.get();
    Path recovered = outDir.resolve("recovered.mp4");
    pipeline.decode(Latents.load(latents), recovered);
    assertEquals(callsBefore, FakeBackendProvider.CALLS.get(), "decoding runs no denoiser");
    Path clean = outDir.resolve("clean.mp4");
    pipeline.render(s, clean, ProgressListener.none(), new RenderControl());
    assertEquals(Files.readString(Path.of(clean + ".json")),
        Files.readString(Path.of(recovered + ".json")));
    List<byte[]> a = frames(clean);
    List<byte[]> b = frames(recovered);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
  }

  @Test
  void savedLatentsDecodeToTheSameFrames() throws IOException {
    VideoStory s = story(3, 11, 3).toBuilder()
        .options(RenderOptions.builder().seed(11).steps(3)
            .guidance(GuidanceSchedule.CONSTANT, 4.5).fps(16).build()).build();
    Latents latents = pipeline.sample(s, ProgressListener.none(), new RenderControl());
    Path file = latents.save(tmp.resolve("s.latents.safetensors"));
    Latents back = Latents.load(file);
    assertEquals(latents, back);
    assertEquals(s.segments(), back.story().segments());
    assertEquals(s.options(), back.story().options());
    assertEquals(s.title(), back.story().title());
    Path viaFile = outDir.resolve("via-file.gif");
    Path direct = outDir.resolve("direct.gif");
    pipeline.decode(back, viaFile);
    pipeline.render(s, direct, ProgressListener.none(), new RenderControl());
    List<byte[]> a = frames(direct);
    List<byte[]> b = frames(viaFile);
    assertEquals(1 + 48 * 3, b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
  }

  @Test
  void keepLatentsWritesThemBesideTheVideo() throws IOException {
    RenderPipeline keeping = RenderPipeline.builder().backend(new FakeBackendProvider())
        .codec(new FakeCodecProvider()).keepLatents(true).build();
    Path out = outDir.resolve("k.mp4");
    keeping.render(story(1, 1, 2), out, ProgressListener.none(), new RenderControl());
    assertTrue(Files.isRegularFile(OutputTargets.latentsBeside(out)));
  }

  @Test
  void everyStepCallsTheDenoiserUnconditionallyThenConditionally() {
    VideoStory s = story(2, 3, 4);
    pipeline.sample(s, ProgressListener.none(), new RenderControl());
    List<FakeBackendProvider.Call> calls = List.copyOf(FakeBackendProvider.CALL_LOG);
    assertEquals(8, calls.size());
    FakeBackendProvider.Encoder enc = new FakeBackendProvider.Encoder(4);
    float negative = enc.encode("blurry", 4)[0];
    float prompt = enc.encode("Tom chases Jerry in the kitchen.", 4)[0];
    int previous = 1000;
    for (int i = 0; i < 8; i += 2) {
      assertEquals(negative, calls.get(i).firstText(), "call " + i + " is unconditional");
      assertEquals(prompt, calls.get(i + 1).firstText(), "call " + (i + 1) + " is conditional");
      assertEquals(calls.get(i).timestep(), calls.get(i + 1).timestep());
      assertTrue(calls.get(i).timestep() < previous, "timesteps decrease");
      previous = calls.get(i).timestep();
      assertEquals(2, calls.get(i).segments());
    }
    assertEquals(999, calls.get(0).timestep());
  }

  @Test
  void guidanceScaleChangesTheResult() {
    VideoStory base = story(1, 3, 3);
    Latents none = pipeline.sample(base.toBuilder().options(base.options().toBuilder()
        .guidance(GuidanceSchedule.CONSTANT, 1.0).build()).build(),
        ProgressListener.none(), new RenderControl());
    Latents strong = pipeline.sample(base.toBuilder().options(base.options().toBuilder()
        .guidance(GuidanceSchedule.CONSTANT, 7.0).build()).build(),
        ProgressListener.none(), new RenderControl());
    assertFalse(java.util.Arrays.equals(none.data(), strong.data()));
  }

  @Test
  void listenerSeesEveryStepAndSegmentInOrder() {
    List<String> events = new ArrayList<>();
    List<Duration> elapsed = new ArrayList<>();
    List<Duration> etas = new ArrayList<>();
    ProgressListener l = new ProgressListener() {
      @Override
      public void onStart(int totalSteps, int totalSegments) {
        events.add("start " + totalSteps + " " + totalSegments);
      }

      @Override
      public void onStep(int step, int total, Duration e, Duration eta) {
        events.add("step " + step + "/" + total);
        elapsed.add(e);
        etas.add(eta);
      }

      @Override
      public void onSegmentDecoded(int index, int total, int frames, Duration e) {
        events.add("segment " + index + "/" + total + " " + frames);
      }

      @Override
      public void onFinish(Path path, Duration e) {
        events.add("finish " + path.getFileName());
      }
    };
    pipeline.render(story(3, 1, 4), outDir.resolve("p.mp4"), l, new RenderControl());
    assertEquals(List.of("start 4 3", "step 1/4", "step 2/4", "step 3/4", "step 4/4",
        "segment 0/3 49", "segment 1/3 48", "segment 2/3 48", "finish p.mp4"), events);
    for (int i = 1; i < elapsed.size(); i++) {
      assertTrue(elapsed.get(i).compareTo(elapsed.get(i - 1)) >= 0, "elapsed grows");
    }
    for (Duration eta : etas) {
      assertFalse(eta.isNegative());
    }
    assertEquals(Duration.ZERO, etas.get(etas.size() - 1));
  }

  @Test
  void aModelsRecommendedGuidanceAppliesUnlessTheStoryChoosesOne() throws IOException {
    Path cfg = model.resolve("config.json");
    Files.writeString(cfg, Files.readString(cfg).replace("\"max_segments\"",
        "\"guidance\": \"constant:2.5\", \"max_segments\""));
    Path out = outDir.resolve("rec.mp4");
    pipeline.render(story(1, 5, 2), out, ProgressListener.none(), new RenderControl());
    JsonNode meta = new ObjectMapper().readTree(Files.readString(Path.of(out + ".json")));
    assertEquals("CONSTANT", meta.get("guidance").get("schedule").asText());
    assertEquals(2.5, meta.get("guidance").get("scale").asDouble());

    VideoStory chosen = story(1, 5, 2).toBuilder().options(story(1, 5, 2).options().toBuilder()
        .guidance(GuidanceSchedule.DYNAMIC_COSINE, 6.0).build()).build();
    Path out2 = outDir.resolve("chosen.mp4");
    pipeline.render(chosen, out2, ProgressListener.none(), new RenderControl());
    meta = new ObjectMapper().readTree(Files.readString(Path.of(out2 + ".json")));
    assertEquals("DYNAMIC_COSINE", meta.get("guidance").get("schedule").asText());
    assertEquals(6.0, meta.get("guidance").get("scale").asDouble());

    // the recommended guidance is what sampling used: the same as asking for it explicitly
    Latents implicit = pipeline.sample(story(1, 5, 2), ProgressListener.none(),
        new RenderControl());
    Latents explicit = pipeline.sample(story(1, 5, 2).toBuilder().options(story(1, 5, 2)
        .options().toBuilder().guidance(GuidanceSchedule.CONSTANT, 2.5).build()).build(),
        ProgressListener.none(), new RenderControl());
    assertTrue(java.util.Arrays.equals(implicit.data(), explicit.data()));
    assertEquals(implicit.story().options(), explicit.story().options());
  }

  private VideoStory kitchen(String second) {
    return VideoStory.builder().title("carry")
        .scene(Scene.of("In the kitchen. Tom jumps.").then(second))
        .scene(Scene.of("Tom sleeps.").transition())
        .seed(3).steps(2).model(model).build();
  }

  @Test
  void aModelsSceneSettingIsRepeatedWhereASegmentStatesNone() throws IOException {
    VideoStory bare = kitchen("Jerry hides in a hole.");
    VideoStory stated = kitchen("In the kitchen. Jerry hides in a hole.");
    Latents without = pipeline.sample(bare, ProgressListener.none(), new RenderControl());
    Latents written = pipeline.sample(stated, ProgressListener.none(), new RenderControl());
    assertFalse(java.util.Arrays.equals(without.data(), written.data()));
    Path cfg = model.resolve("config.json");
    Files.writeString(cfg, Files.readString(cfg).replace("\"max_segments\"",
        "\"scene_setting\": \"In the (kitchen|garden)\\\\.\", \"max_segments\""));
    Latents carried = pipeline.sample(bare, ProgressListener.none(), new RenderControl());
    // the same as writing the setting: the third segment starts a new scene, which names none
    assertArrayEquals(written.data(), carried.data());
    assertEquals("Jerry hides in a hole.", carried.story().segments().get(1).text());
    assertEquals(List.of("In the kitchen. Tom jumps.",
        "In the kitchen. Jerry hides in a hole.<end_scene>", "<start_scene>Tom sleeps."),
        RenderPipeline.prompts(bare, io.github.tttvideo.core.model.ModelConfigReader
            .fromDirectory(model)).stream()
            .map(io.github.tttvideo.core.story.SegmentPrompt::text).toList());
  }

  @Test
  void metadataDescribesTheRender() throws IOException {
    Path out = outDir.resolve("m.mp4");
    pipeline.render(story(2, 77, 2), out, ProgressListener.none(), new RenderControl());
    JsonNode meta = new ObjectMapper().readTree(Files.readString(Path.of(out + ".json")));
    assertEquals("chase", meta.get("title").asText());
    assertEquals(77, meta.get("seed").asLong());
    assertEquals(2, meta.get("steps").asInt());
    assertEquals("DYNAMIC_COSINE", meta.get("guidance").get("schedule").asText());
    assertEquals(6.0, meta.get("guidance").get("scale").asDouble());
    assertEquals("dpm", meta.get("sampler").asText());
    assertEquals("fake", meta.get("backend").asText());
    assertEquals(model.toString(), meta.get("model").asText());
    assertEquals(2, meta.get("segments").size());
    assertEquals("blurry", meta.get("segments").get(0).get("neg_text").asText());
    assertEquals(16, meta.get("options").get("fps").asInt());
    assertNotEquals("", meta.get("ttt-video").asText());
    try (VideoReader r = new FakeCodecProvider().openReader(out)) {
      assertEquals(Files.readString(Path.of(out + ".json")), r.metadataJson().orElseThrow());
    }
  }

  @Test
  void framesReachTheWriterSegmentBySegment() {
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    FakeCodecProvider inner = new FakeCodecProvider();
    io.github.tttvideo.spi.CodecProvider counting = new io.github.tttvideo.spi.CodecProvider() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public java.util.Set<io.github.tttvideo.api.OutputFormat> formats() {
        return inner.formats();
      }

      @Override
      public io.github.tttvideo.spi.VideoWriter openWriter(
          io.github.tttvideo.spi.VideoWriterSpec spec) throws IOException {
        io.github.tttvideo.spi.VideoWriter w = inner.openWriter(spec);
        return new io.github.tttvideo.spi.VideoWriter() {
          @Override
          public void write(VideoFrame frame) throws IOException {
            written.incrementAndGet();
            w.write(frame);
          }

          @Override
          public long framesWritten() {
            return w.framesWritten();
          }

          @Override
          public Path commit() throws IOException {
            return w.commit();
          }

          @Override
          public void close() {
            w.close();
          }
        };
      }

      @Override
      public VideoReader openReader(Path path) throws IOException {
        return inner.openReader(path);
      }
    };
    List<Long> atSegment = new ArrayList<>();
    ProgressListener l = new ProgressListener() {
      @Override
      public void onSegmentDecoded(int index, int total, int frames, Duration elapsed) {
        atSegment.add(written.get());
      }
    };
    RenderPipeline.builder().backend(new FakeBackendProvider()).codec(counting).build()
        .render(story(3, 1, 2), outDir.resolve("s.mp4"), l, new RenderControl());
    assertEquals(List.of(49L, 97L, 145L), atSegment);
  }

  @Test
  void videoStoryRenderFindsTheRendererBackendAndCodec() throws IOException {
    Path out = outDir.resolve("story.mp4");
    RenderedVideo v = story(1, 1, 2).render(out);
    assertEquals(49, v.frames());
    assertTrue(Files.isRegularFile(out));
  }
}
