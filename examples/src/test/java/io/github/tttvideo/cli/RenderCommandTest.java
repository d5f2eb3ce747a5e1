package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.codec.javacv.JavacvCodecProvider;
import io.github.tttvideo.core.testing.FakeBackendProvider;
import io.github.tttvideo.core.testing.FakeModels;
import io.github.tttvideo.spi.VideoReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

  private static final String STORY = "[\n"
      + "  [\n"
      + "    {\"text\": \"Tom chases Jerry in the kitchen.\", \"neg_text\": \"blurry\"},\n"
      + "    {\"text\": \"Jerry hides in a hole.\", \"neg_text\": null},\n"
      + "    {\"text\": \"Tom sleeps on the sofa.\", \"requires_scene_transition\": true}\n"
      + "  ],\n"
      + "  [\n"
      + "    {\"text\": \"Jerry eats cheese.\"}\n"
      + "  ]\n"
      + "]\n";

  @TempDir Path tmp;
  Path model;
  Path story;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TttVideoCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void setUp() throws IOException {
    // The real DJL backend is on the class path too; these tests drive the fake one.
    System.setProperty("ttt.backend", "fake");
    FakeBackendProvider.reset();
    model = FakeModels.directory(tmp.resolve("model"), 8, 4);
    story = Files.writeString(tmp.resolve("story.json"), STORY);
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() {
    System.clearProperty("ttt.backend");
  }

  private static long countFrames(Path video) throws IOException {
    try (VideoReader r = new JavacvCodecProvider().openReader(video)) {
      assertEquals(16.0, r.fps(), 0.01);
      assertEquals(64, r.width());
      long n = 0;
      while (r.next() != null) {
        n++;
      }
      return n;
    }
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void rendersARealMp4OfThreeSegments() throws IOException {
    Path out = tmp.resolve("out.mp4");
    Run r = run("render", story.toString(), "-o", out.toString(), "--model", model.toString(),
        "--backend", "fake", "--steps", "2", "--seed", "5", "--guidance", "constant:4");
    assertEquals(0, r.code(), r.err());
    assertEquals(out.toString(), r.out().strip());
    assertEquals(1 + 48 * 3, countFrames(out));
    assertTrue(r.err().contains("step 2/2"), r.err());
    assertTrue(r.err().contains("segment 3/3 (48 frames)"), r.err());
    assertEquals(4, FakeBackendProvider.CALLS.get());
    try (VideoReader reader = new JavacvCodecProvider().openReader(out)) {
      String meta = reader.metadataJson().orElseThrow();
      assertTrue(meta.contains("\"seed\":5"), meta);
      assertTrue(meta.contains("\"CONSTANT\""), meta);
    }
  }

  @Test
  void rendersEveryVideoWithAnIndexSuffix() throws IOException {
    Path out = tmp.resolve("all.gif");
    Run r = run("render", story.toString(), "-o", out.toString(), "--model", model.toString(),
        "--steps", "1", "--video", "all", "--sampler", "ddim");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(tmp.resolve("all-0.gif")));
    assertTrue(Files.isRegularFile(tmp.resolve("all-1.gif")));
    assertEquals(2, r.out().strip().lines().count());
  }

  @Test
  void savedLatentsDecodeToTheSameNumberOfFrames() throws IOException {
    Path out = tmp.resolve("second.mp4");
    Run r = run("render", story.toString(), "-o", out.toString(), "--model", model.toString(),
        "--steps", "1", "--video", "1", "--save-latents");
    assertEquals(0, r.code(), r.err());
    Path latents = tmp.resolve("second.mp4.latents.safetensors");
    assertTrue(Files.isRegularFile(latents));
    int calls = FakeBackendProvider.CALLS.get();
    Path decoded = tmp.resolve("decoded.mp4");
    Run d = run("decode", latents.toString(), "-o", decoded.toString());
    assertEquals(0, d.code(), d.err());
    assertEquals(calls, FakeBackendProvider.CALLS.get(), "decoding samples nothing");
    assertEquals(49, countFrames(decoded));
  }

  @Test
  void aMissingStoryIsBadInput() {
    Run r = run("render", tmp.resolve("nope.json").toString(), "-o", tmp.resolve("o.mp4").toString(),
        "--model", model.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: no such file"), r.err());
  }

  @Test
  void aBadStoryIsBadInput() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "[[{\"txt\": 1}]");
    Run r = run("render", bad.toString(), "-o", tmp.resolve("o.mp4").toString(),
        "--model", model.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void anUnwritableOutputIsBadInputAndNothingRuns() {
    Run r = run("render", story.toString(), "-o", tmp.resolve("missing/o.mp4").toString(),
        "--model", model.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertEquals(0, FakeBackendProvider.LOADS.get());
  }

  @Test
  void anUnknownBackendIsBadInputAndListsTheAvailableOnes() {
    Run r = run("render", story.toString(), "-o", tmp.resolve("o.mp4").toString(),
        "--model", model.toString(), "--backend", "tpu");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown backend \"tpu\"; available: "), r.err());
    assertTrue(r.err().contains("fake") && r.err().contains("djl"), r.err());
  }

  @Test
  void badOptionsAreBadInput() {
    String o = tmp.resolve("o.mp4").toString();
    assertEquals(2, run("render", story.toString(), "-o", o, "--model", model.toString(),
        "--video", "7").code());
    assertEquals(2, run("render", story.toString(), "-o", o, "--model", model.toString(),
        "--guidance", "wild:3").code());
    assertEquals(2, run("render", story.toString(), "-o", o, "--model", model.toString(),
        "--sampler", "euler").code());
    assertEquals(2, run("render", story.toString(), "-o", o, "--model", model.toString(),
        "--format", "gif").code());
    assertEquals(2, run("render", story.toString(), "-o", o, "--model", "nowhere").code());
    assertEquals(0, FakeBackendProvider.LOADS.get());
  }

  @Test
  void theEmbeddedModelIsNotAvailableYet() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        io.github.tttvideo.models.ToonModelSource.isShipped(), "the toon model is shipped");
    Run r = run("render", story.toString(), "-o", tmp.resolve("o.mp4").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("\"toon\" is not available yet"), r.err());
    assertEquals(2, filesIn(tmp), "nothing written beside the model folder and the story");
  }

  @Test
  void anAbsentToonBaselineNamesItsArtifact() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        io.github.tttvideo.models.baselines.BaselineModelSource.shipped().contains("toon-full"),
        "the full-attention baseline is shipped");
    Run r = run("render", story.toString(), "-o", tmp.resolve("o.mp4").toString(), "--model",
        "toon-full");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("\"toon-full\"")
        && r.err().contains("io.github.tttvideo:ttt-models-baselines"), r.err());
    assertEquals(2, run("render", story.toString(), "-o", tmp.resolve("o.mp4").toString(),
        "--model", "toon-mamba").code());
  }
}
