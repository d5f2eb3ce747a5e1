package io.github.tttvideo.train.toon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.text.WordTokenizer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.toon.world.ToonPalette;
import io.github.tttvideo.train.BatchSource;
import io.github.tttvideo.train.Checkpoint;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.StagePlan;
import io.github.tttvideo.train.ToonClipDataset;
import io.github.tttvideo.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The palette part's colours, {@code --only}, the third round's stage and cache, and the export of
 * a palette decoder (no training).
 */
class TrainToonMainTest {

  @Test
  void toonPaletteHoldsTheToonWorldsColoursInOrder() {
    List<String> p = TrainToonMain.toonPalette();
    List<ToonPalette.Entry> entries = ToonPalette.entries();
    assertEquals(18, p.size()); // 5 rooms x (wall, floor), 4 furs, speckle, Jerry, hat, ink
    assertEquals(entries.size(), p.size());
    for (int i = 0; i < p.size(); i++) {
      assertEquals(String.format("#%06X", entries.get(i).rgb()), p.get(i), "colour " + i);
    }
    assertEquals("#F2D16B", p.get(0)); // the kitchen's wall
    assertEquals("#000000", p.get(p.size() - 1)); // ink
    assertEquals(p.size(), new HashSet<>(p).size(), "distinct colours: " + p);

    ModelConfig c = TrainToonMain.config(128).withVaePalette(p);
    assertEquals(18, c.vaeOutputChannels());
    float[] rgb = c.vaePaletteRgb();
    for (int i = 0; i < p.size(); i++) {
      int v = entries.get(i).rgb();
      assertEquals(((v >> 16) & 0xFF) / 127.5f - 1f, rgb[3 * i], 1e-7f);
      assertEquals(((v >> 8) & 0xFF) / 127.5f - 1f, rgb[3 * i + 1], 1e-7f);
      assertEquals((v & 0xFF) / 127.5f - 1f, rgb[3 * i + 2], 1e-7f);
    }
    assertEquals(c, ModelConfigReader.fromJson(ModelConfigReader.toJson(c), "c.json", "x"));
  }

  @Test
  void onlyRejectsAnUnknownPartNamingTheParts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--only", "bogus"}));
    assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    assertTrue(e.getMessage().contains("[vae, vae-dec, vae-pal, latents, denoiser]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--only", "vae,vae-pall"}));
  }

  @Test
  void onlyRunsTheNamedParts() {
    TrainToonMain.Options all = TrainToonMain.Options.parse(new String[0]);
    TrainToonMain.Options some = TrainToonMain.Options.parse(
        new String[] {"--only", "vae-pal,denoiser"});
    TrainToonMain.Options twice = TrainToonMain.Options.parse(
        new String[] {"--only", "vae-pal,vae-pal"});
    for (String part : TrainToonMain.PARTS) {
      assertTrue(all.runs(part), part);
      assertEquals(part.equals("vae-pal") || part.equals("denoiser"), some.runs(part), part);
      assertEquals(part.equals("vae-pal"), twice.runs(part), part);
    }
  }

  @Test
  void paletteAndThirdRoundOptionsAreRead() {
    TrainToonMain.Options o = TrainToonMain.Options.parse(new String[] {"--pal-steps", "12",
        "--pal-lr", "2e-3", "--pal-crop", "48", "--round3", "7", "--round3-segments", "3", "--clips3r", "30",
        "--lr3", "1e-4", "--out", "somewhere"});
    assertEquals(12, o.palSteps);
    assertEquals(2e-3, o.palLr);
    assertEquals(48, o.palCrop);
    assertEquals(30, o.clips3r);
    assertEquals(Path.of("somewhere", "latents", "seg3-r3.bin"),
        TrainToonMain.extraRounds(o).get(0).cacheFile(o.out));
    assertEquals(Path.of("somewhere", "latents", "seg3.bin"), TrainToonMain.latentFile(o, 3));
    List<StagePlan> plan = TrainToonMain.plan(o);
    StagePlan last = plan.get(plan.size() - 1);
    assertEquals("9s-3", last.name());
    assertEquals(3, last.segments());
    assertEquals(7, last.steps());
    assertEquals(1e-4, last.lr());
    assertEquals(2e-4, last.lrSsm());
    assertEquals(ParameterSelection.sft(), last.trainable());
    // the defaults are the shipped model's: a third round of 1200 single-segment steps
    TrainToonMain.Options d = TrainToonMain.Options.parse(new String[0]);
    assertEquals(1500, d.palSteps);
    List<StagePlan> shipped = TrainToonMain.plan(d);
    assertEquals("3s-3", shipped.get(shipped.size() - 1).name());
    assertEquals(1, shipped.get(shipped.size() - 1).segments());
    assertEquals(1200, shipped.get(shipped.size() - 1).steps());
    assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--round3-segments", "2"}));
    // --round3 0 leaves the third round out
    List<StagePlan> none = TrainToonMain.plan(TrainToonMain.Options.parse(
        new String[] {"--round3", "0"}));
    assertTrue(none.stream().noneMatch(s -> s.name().equals("9s-3")), none.toString());
    assertEquals(plan.subList(0, plan.size() - 1), none);
  }

  @Test
  void aFourthRoundTrainsTheTttLayersOnItsOwnCacheAfterTheThird() {
    TrainToonMain.Options o = TrainToonMain.Options.parse(new String[] {"--round4", "9",
        "--clips4r", "40", "--lr4", "1e-5", "--lr4-ttt", "4e-4", "--out", "run"});
    List<TrainToonMain.ExtraRound> rounds = TrainToonMain.extraRounds(o);
    assertEquals(2, rounds.size());
    TrainToonMain.ExtraRound four = rounds.get(1);
    assertEquals(Path.of("run", "latents", "seg3-r4.bin"), four.cacheFile(o.out));
    assertEquals(40, four.clips());
    List<StagePlan> plan = TrainToonMain.plan(o);
    assertEquals("3s-3", plan.get(plan.size() - 2).name());
    StagePlan last = plan.get(plan.size() - 1);
    assertEquals("9s-4", last.name());
    assertEquals(3, last.segments());
    assertEquals(9, last.steps());
    assertEquals(1e-5, last.lr());
    assertEquals(4e-4, last.lrSsm());
    assertEquals(ParameterSelection.ttt(), last.trainable());
    assertTrue(last.trainable().test("blocks.0.ttt.wq.weight"));
    assertTrue(last.trainable().test("blocks.3.ttt_gate.forward_text"));
    assertFalse(last.trainable().test("blocks.0.attn.to_q.weight"));
    assertFalse(last.trainable().test("blocks.0.ff.fc1.weight"));
    // other selections and lengths; unknown ones fail while the options are read
    TrainToonMain.Options q = TrainToonMain.Options.parse(new String[] {"--round4", "5",
        "--round4-select", "qkvo", "--round4-segments", "6"});
    StagePlan qs = TrainToonMain.plan(q).get(TrainToonMain.plan(q).size() - 1);
    assertEquals("18s-4", qs.name());
    assertEquals(ParameterSelection.qkvo(), qs.trainable());
    assertThrows(IllegalArgumentException.class, () -> TrainToonMain.Options.parse(
        new String[] {"--round4-select", "everything"}));
    assertThrows(IllegalArgumentException.class, () -> TrainToonMain.Options.parse(
        new String[] {"--round4-segments", "4"}));
  }

  @Test
  void aFifthRoundRepeatsTheFourthsClipsWithAFreshScheduleAndTheBatchIsRead() {
    TrainToonMain.Options o = TrainToonMain.Options.parse(new String[] {"--round4", "9",
        "--round4-segments", "1", "--round4-select", "sft", "--clips4r", "40", "--round5", "7",
        "--lr5", "2e-4", "--lr5-ttt", "4e-4", "--batch", "16", "--out", "run"});
    assertEquals(16, o.batch);
    List<TrainToonMain.ExtraRound> rounds = TrainToonMain.extraRounds(o);
    assertEquals(3, rounds.size());
    TrainToonMain.ExtraRound five = rounds.get(2);
    assertEquals(Path.of("run", "latents", "seg1-r5.bin"), five.cacheFile(o.out));
    assertEquals(40, five.clips());
    List<StagePlan> plan = TrainToonMain.plan(o);
    assertEquals("3s-4", plan.get(plan.size() - 2).name());
    StagePlan last = plan.get(plan.size() - 1);
    assertEquals("3s-5", last.name());
    assertEquals(7, last.steps());
    assertEquals(2e-4, last.lr());
    assertEquals(4e-4, last.lrSsm());
    assertEquals(ParameterSelection.sft(), last.trainable());
    assertTrue(last.warmup() > 0, "a fresh warmup");
    // a fifth round of its own story length, clips and mixing
    TrainToonMain.Options f = TrainToonMain.Options.parse(new String[] {"--round4", "9",
        "--round4-segments", "1", "--clips4r", "40", "--round5", "7", "--round5-segments", "3",
        "--clips5r", "30", "--round5-mix", "3", "--out", "run"});
    TrainToonMain.ExtraRound own = TrainToonMain.extraRounds(f).get(2);
    assertEquals("9s-5", own.stageName());
    assertEquals(Path.of("run", "latents", "seg3-r5.bin"), own.cacheFile(f.out));
    assertEquals(30, own.clips());
    assertEquals(3, own.mixEvery());
    assertEquals(0, TrainToonMain.extraRounds(f).get(1).mixEvery());
    assertEquals(0, five.mixEvery());
    assertEquals(1, five.segments());
    for (String[] bad : List.of(new String[] {"--round5-segments", "2"},
        new String[] {"--clips5r", "0"}, new String[] {"--round5-mix", "1"})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(bad));
      assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
    }
    // no fifth round unless asked; batch 1 by default; a batch outside 1..64 is refused
    TrainToonMain.Options d = TrainToonMain.Options.parse(new String[] {"--round4", "9"});
    assertEquals(2, TrainToonMain.extraRounds(d).size());
    assertEquals(1, d.batch);
    for (String bad : List.of("0", "65", "-2")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--batch", bad}));
      assertTrue(e.getMessage().contains("--batch"), e.getMessage());
    }
  }

  /** A cache of n clips of some segments whose latents are all {@code base + clip index}. */
  private static TrainToonMain.Cache cache(ModelConfig c, int segments, int n, float base) {
    int size = (1 + 12 * segments) * c.latentChannels() * c.latentHeight() * c.latentWidth();
    List<float[]> z = new ArrayList<>();
    List<List<String>> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[size];
      Arrays.fill(v, base + i);
      z.add(v);
      texts.add(List.of("clip " + (base + i)));
    }
    return new TrainToonMain.Cache(z, texts);
  }

  private static StagePlan stage(String name, int segments) {
    return new StagePlan(name, segments, 1, 0, 1e-3, 1e-3, 1e-4, ParameterSelection.sft());
  }

  @Test
  void theThirdRoundDrawsOnItsOwnCacheAndTheOtherStagesOnTheirLength() {
    ModelConfig c = DjlTrainablesTest.tiny();
    Map<Integer, TrainToonMain.Cache> caches = Map.of(1, cache(c, 1, 5, 100f),
        3, cache(c, 3, 4, 300f), 6, cache(c, 6, 2, 600f));
    TrainToonMain.Cache r3 = cache(c, 3, 3, 900f);
    BatchSource source = TrainToonMain.cacheSource(caches, Map.of("9s-3", r3), c);
    BatchSource plain = TrainToonMain.cacheSource(caches, c);
    try (NDManager m = NDManager.newBaseManager()) {
      BatchSource.Batch b = source.batch(m, stage("9s-3", 3), 2, 2);
      assertEquals(new Shape(2, 37, 4, 8, 8), b.latents().getShape());
      assertEquals(List.of(List.of("clip 902.0"), List.of("clip 900.0")), b.texts()); // wraps
      assertEquals(902f, b.latents().get(0).max().getFloat());
      assertEquals(902f, b.latents().get(0).min().getFloat());
      assertEquals(900f, b.latents().get(1).max().getFloat());
      assertEquals(4, b.nextCursor());
      for (String name : List.of("9s", "9s-2")) {
        BatchSource.Batch n = source.batch(m, stage(name, 3), 2, 2);
        assertEquals(List.of(List.of("clip 302.0"), List.of("clip 303.0")), n.texts(), name);
        assertEquals(303f, n.latents().get(1).max().getFloat(), name);
      }
      BatchSource.Batch one = source.batch(m, stage("3s", 1), 6, 1);
      assertEquals(new Shape(1, 13, 4, 8, 8), one.latents().getShape());
      assertEquals(List.of(List.of("clip 101.0")), one.texts());
      assertEquals(List.of(List.of("clip 600.0")), source.batch(m, stage("18s", 6), 0, 1)
          .texts());
      // by story length (the old entry point) and without a third-round cache: the normal one
      assertEquals(List.of(List.of("clip 302.0")), source.batch(m, 3, 2, 1).texts());
      assertEquals(List.of(List.of("clip 302.0")), plain.batch(m, stage("9s-3", 3), 2, 1)
          .texts());
    }
  }

  @Test
  void withAForegroundWeightEveryBatchCarriesItsClipsWeights() {
    ModelConfig c = DjlTrainablesTest.tiny();
    ToonClipDataset data = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
    TrainToonMain.Cache fake = cache(c, 1, 3, 100f);
    List<List<String>> texts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      texts.add(data.clip(1, i).texts());
    }
    TrainToonMain.Cache real = new TrainToonMain.Cache(fake.latents(), texts);
    ForegroundWeights fg = new ForegroundWeights(3, c);
    BatchSource source = TrainToonMain.cacheSource(Map.of(1, real), Map.of(), Map.of(), c, fg);
    try (NDManager m = NDManager.newBaseManager()) {
      BatchSource.Batch b = source.batch(m, stage("3s", 1), 2, 2); // entries 2 and 0
      assertEquals(new Shape(2, 13, 1, 8, 8), b.weights().getShape());
      float[] w = b.weights().toFloatArray();
      assertArrayEquals(fg.of(1, 2, texts.get(2)), Arrays.copyOfRange(w, 0, 13 * 64));
      assertArrayEquals(fg.of(1, 0, texts.get(0)), Arrays.copyOfRange(w, 13 * 64, 26 * 64));
      assertNull(TrainToonMain.cacheSource(Map.of(1, real), c).batch(m, stage("3s", 1), 0, 1)
          .weights());
      // a cache whose texts are not the training clips' is refused, not silently misweighted
      BatchSource wrong = TrainToonMain.cacheSource(Map.of(1, fake), Map.of(), Map.of(), c, fg);
      assertThrows(IllegalStateException.class, () -> wrong.batch(m, stage("3s", 1), 0, 1));
    }
    assertEquals(2.5, TrainToonMain.Options.parse(new String[] {"--fg-weight", "2.5"}).fgWeight);
    assertEquals(0.0, TrainToonMain.Options.parse(new String[0]).fgWeight);
    for (String bad : List.of("-1", "NaN", "Infinity")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--fg-weight", bad}));
      assertTrue(e.getMessage().contains("--fg-weight"), e.getMessage());
    }
  }

  @Test
  void theTimestepShiftIsReadAndBadValuesAreRefused() {
    assertEquals(3.0, TrainToonMain.Options.parse(new String[] {"--t-shift", "3"}).tShift);
    assertEquals(1.0, TrainToonMain.Options.parse(new String[0]).tShift);
    for (String bad : List.of("0.5", "0", "-2", "NaN", "Infinity", "101")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--t-shift", bad}));
      assertTrue(e.getMessage().contains("--t-shift"), e.getMessage());
    }
  }

  @Test
  void aMixedFourthRoundServesEveryKthBatchFromTheSingleSegmentCache() {
    // options: 0 (off, the default) or at least 2
    assertEquals(0, TrainToonMain.extraRounds(TrainToonMain.Options.parse(
        new String[] {"--round4", "3"})).get(1).mixEvery());
    assertEquals(3, TrainToonMain.extraRounds(TrainToonMain.Options.parse(
        new String[] {"--round4", "3", "--round4-mix", "3"})).get(1).mixEvery());
    assertEquals(0, TrainToonMain.extraRounds(TrainToonMain.Options.parse(
        new String[] {"--round4", "3", "--round4-mix", "3"})).get(0).mixEvery()); // round 3
    for (String bad : List.of("1", "-2")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--round4-mix", bad}));
      assertTrue(e.getMessage().contains("--round4-mix"), e.getMessage());
    }
    ModelConfig c = DjlTrainablesTest.tiny();
    Map<Integer, TrainToonMain.Cache> caches = Map.of(1, cache(c, 1, 5, 100f),
        3, cache(c, 3, 4, 300f));
    TrainToonMain.Cache r4 = cache(c, 3, 6, 900f);
    TrainToonMain.Cache single = cache(c, 1, 4, 500f);
    BatchSource source = TrainToonMain.cacheSource(caches, Map.of("9s-4", r4),
        Map.of("9s-4", new TrainToonMain.Mix(3, single)), c);
    try (NDManager m = NDManager.newBaseManager()) {
      List<String> seen = new ArrayList<>();
      for (long cursor = 0; cursor < 9; cursor++) {
        BatchSource.Batch b = source.batch(m, stage("9s-4", 3), cursor, 1);
        assertEquals(cursor + 1, b.nextCursor());
        long frames = b.latents().getShape().get(1);
        seen.add(frames + ":" + b.texts().get(0).get(0));
        assertEquals(Float.parseFloat(b.texts().get(0).get(0).substring(5)),
            b.latents().max().getFloat());
      }
      // cursors 2, 5, 8 are single segments (entries 0, 1, 2 of the single cache); the others
      // the round's own 3-segment clips at their cursor
      assertEquals(List.of("37:clip 900.0", "37:clip 901.0", "13:clip 500.0", "37:clip 903.0",
          "37:clip 904.0", "13:clip 501.0", "37:clip 900.0", "37:clip 901.0", "13:clip 502.0"),
          seen);
      // deterministic: the same cursor gives the same batch again (resumed runs)
      assertEquals(List.of(List.of("clip 501.0")),
          source.batch(m, stage("9s-4", 3), 5, 1).texts());
      // other stages are not mixed
      assertEquals(List.of(List.of("clip 302.0")),
          source.batch(m, stage("9s", 3), 2, 1).texts());
      // batches of 2: every third step (cursors 4, 10) is single segments, consecutive blocks
      // of the single cache, whatever the batch size has in common with K
      List<String> batched = new ArrayList<>();
      for (long cursor = 0; cursor < 12; cursor += 2) {
        BatchSource.Batch b = source.batch(m, stage("9s-4", 3), cursor, 2);
        assertEquals(cursor + 2, b.nextCursor());
        batched.add(b.latents().getShape().get(1) + ":" + b.texts().get(0).get(0) + ","
            + b.texts().get(1).get(0));
      }
      assertEquals(List.of("37:clip 900.0,clip 901.0", "37:clip 902.0,clip 903.0",
          "13:clip 500.0,clip 501.0", "37:clip 900.0,clip 901.0", "37:clip 902.0,clip 903.0",
          "13:clip 502.0,clip 503.0"), batched);
    }
  }

  @Test
  void theExportedSceneSettingMatchesEveryRoomSentenceAndNothingElse() {
    io.github.tttvideo.core.story.SceneSettings s =
        io.github.tttvideo.core.story.SceneSettings.of(TrainToonMain.toonSceneSetting());
    for (io.github.tttvideo.toon.world.Room r : io.github.tttvideo.toon.world.Room.values()) {
      assertTrue(s.isSetting(r.sentence()), r.sentence());
    }
    assertFalse(s.isSetting("Tom jumps."));
    assertFalse(s.isSetting("In the kitchenX")); // the dot is a dot
    assertFalse(s.isSetting("In the kitchen. Tom jumps."));
  }

  /** A run folder with init/ and the given VAE parts' model directories (random weights). */
  private static TrainToonMain.Options run(Path out, ModelConfig c, List<String> parts) {
    DjlModels.initialize(c, 1, out.resolve("init"));
    for (String part : parts) {
      ModelConfig pc = part.equals("vae-pal")
          ? c.withVaePalette(TrainToonMain.toonPalette()) : c;
      DjlModels.initialize(pc, 10 + part.length(), out.resolve(part).resolve("model"));
    }
    return TrainToonMain.Options.parse(new String[] {"--out", out.toString()});
  }

  @Test
  void exportShipsThePaletteDecoderAndItsConfig(@TempDir Path out) throws IOException {
    ModelConfig c = DjlTrainablesTest.tiny();
    TrainToonMain.Options o = run(out, c, List.of("vae", "vae-dec", "vae-pal"));
    assertEquals(out.resolve("vae-pal").resolve("model"), TrainToonMain.vaeModelDir(o));
    Map<String, float[]> init = DjlModels.readWeights(c, out.resolve("init"));
    // a denoiser checkpoint whose W1 differs from the init's
    try (NDManager m = NDManager.newBaseManager()) {
      DjlDenoiserTrainable den = new DjlDenoiserTrainable(c, init, WordTokenizer.read(
          out.resolve("init").resolve(WordTokenizer.FILE_NAME)), List.of(), m);
      den.parameters().get("blocks.0.ttt.W1").muli(0).addi(0.5f);
      new Checkpoint(out.resolve("denoiser").resolve("checkpoints"), 2).save(
          new TrainingState(1, 0, "3s", 1, 1, 0, 1), den.parameters(), null);
    }
    Path fin = TrainToonMain.export(o, c);
    ModelConfig shipped = ModelConfigReader.fromDirectory(fin);
    ModelConfig pal = c.withVaePalette(TrainToonMain.toonPalette());
    assertEquals(pal.withGuidance(TrainToonMain.DEFAULT_GUIDANCE), shipped);
    assertEquals("constant:6", shipped.guidance());
    Map<String, float[]> w = DjlModels.readWeights(shipped, fin);
    Map<String, float[]> vae = DjlModels.readWeights(pal, out.resolve("vae-pal/model"));
    assertEquals(18 * 4 * 27, w.get("vae.decoder.conv_out.weight").length);
    for (Map.Entry<String, float[]> e : w.entrySet()) {
      if (e.getKey().equals("blocks.0.ttt.W1")) {
        for (float v : e.getValue()) {
          assertEquals(0.5f, v, "the checkpoint's W1");
        }
        continue;
      }
      float[] want = e.getKey().startsWith("vae.") ? vae.get(e.getKey()) : init.get(e.getKey());
      assertArrayEquals(want, e.getValue(), e.getKey());
    }
    assertEquals(WordTokenizer.read(out.resolve("init").resolve(WordTokenizer.FILE_NAME)).size(),
        WordTokenizer.read(fin.resolve(WordTokenizer.FILE_NAME)).size());
  }

  @Test
  void withoutAPalettePartTheExportIsAnRgbModel(@TempDir Path out) throws IOException {
    ModelConfig c = DjlTrainablesTest.tiny();
    TrainToonMain.Options o = run(out, c, List.of("vae", "vae-dec"));
    assertEquals(out.resolve("vae-dec").resolve("model"), TrainToonMain.vaeModelDir(o));
    o.guidance = null; // --guidance none
    Path fin = TrainToonMain.export(o, c);
    String json = Files.readString(fin.resolve(ModelConfigReader.FILE_NAME));
    assertFalse(json.contains("vae_palette"), json);
    assertFalse(json.contains("\"guidance\""), json);
    ModelConfig shipped = ModelConfigReader.fromDirectory(fin);
    assertNull(shipped.vaePalette());
    assertEquals(c, shipped);
    // --scene-setting toon adds the world's setting pattern, and only that
    o.sceneSetting = TrainToonMain.Options.parse(new String[] {"--scene-setting", "toon"})
        .sceneSetting;
    ModelConfig withSetting = ModelConfigReader.fromDirectory(TrainToonMain.export(o, c));
    assertEquals(c.withSceneSetting(TrainToonMain.toonSceneSetting()), withSetting);
    assertFalse(TrainToonMain.Options.parse(new String[0]).sceneSetting);
    assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--scene-setting", "yes"}));
    assertArrayEquals(
        DjlModels.readWeights(c, out.resolve("vae-dec/model")).get("vae.decoder.conv_out.weight"),
        DjlModels.readWeights(c, fin).get("vae.decoder.conv_out.weight"));
    // --text-tokens: the run's config and the exported one have that many text tokens
    o.sceneSetting = false;
    o.textTokens = TrainToonMain.Options.parse(new String[] {"--text-tokens", "24"}).textTokens;
    ModelConfig run = TrainToonMain.withTextTokens(c, o);
    assertEquals(c.withTextTokens(24), run);
    assertEquals(c.withTextTokens(24), ModelConfigReader.fromDirectory(TrainToonMain.export(o,
        run)));
    assertEquals(c, TrainToonMain.withTextTokens(c, TrainToonMain.Options.parse(new String[0])));
    for (String bad : List.of("0", "-3", "257")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--text-tokens", bad}));
      assertTrue(e.getMessage().contains("--text-tokens"), e.getMessage());
    }
  }

  /**
   * The palette part end to end, two steps: its model directory holds the palette config, a
   * fresh {@code conv_out} with one logit per colour (trained), the rest of the decoder from the
   * newest VAE and the encoder untouched.
   */
  @Test
  void thePalettePartWritesAPaletteDecoderOverTheNewestVae(@TempDir Path out) throws IOException {
    ModelConfig c = DjlTrainablesTest.tiny();
    run(out, c, List.of("vae", "vae-dec"));
    TrainToonMain.Options o = TrainToonMain.Options.parse(new String[] {"--out", out.toString(),
        "--pal-steps", "2", "--pal-crop", "16", "--vae-batch", "1", "--vae-pool", "1"});
    TrainToonMain.palettePart(o, c);
    Path dir = out.resolve("vae-pal").resolve("model");
    assertEquals(dir, TrainToonMain.vaeModelDir(o));
    ModelConfig pal = ModelConfigReader.fromDirectory(dir);
    assertEquals(c.withVaePalette(TrainToonMain.toonPalette()), pal);
    Map<String, float[]> w = DjlModels.readWeights(pal, dir);
    Map<String, float[]> dec = DjlModels.readWeights(c, out.resolve("vae-dec/model"));
    Map<String, float[]> init = DjlModels.readWeights(c, out.resolve("init"));
    assertArrayEquals(dec.get("vae.encoder.conv_in.weight"), w.get("vae.encoder.conv_in.weight"));
    assertArrayEquals(init.get("blocks.0.ttt.W1"), w.get("blocks.0.ttt.W1"));
    float[] fresh = DjlModels.randomWeights(pal, o.seed + 5).get("vae.decoder.conv_out.weight");
    float[] trained = w.get("vae.decoder.conv_out.weight");
    assertEquals(fresh.length, trained.length);
    assertFalse(Arrays.equals(fresh, trained), "conv_out trained");
    float[] in = w.get("vae.decoder.conv_in.weight");
    float[] before = dec.get("vae.decoder.conv_in.weight");
    double moved = 0;
    for (int i = 0; i < in.length; i++) {
      moved = Math.max(moved, Math.abs(in[i] - before[i]));
    }
    assertTrue(moved > 0 && moved < 0.05, "conv_in from vae-dec, then 2 steps: moved " + moved);
    assertTrue(Files.readString(out.resolve("vae-pal").resolve("probe.txt"))
        .contains("palette share"));
    TrainToonMain.palettePart(o, c); // done: a second call keeps the result
    assertArrayEquals(trained, DjlModels.readWeights(pal, dir).get("vae.decoder.conv_out.weight"));
  }

  @Test
  void fromNeedsAModelDirectoryWithItsThreeFilesAndAFineTuningRound(@TempDir Path dir) {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--from", dir.resolve("nope").toString(),
            "--round4", "5"}));
    assertTrue(none.getMessage().contains("--from") && none.getMessage().contains("nope"),
        none.getMessage());
    DjlModels.initialize(DjlTrainablesTest.tiny(), 1, dir);
    TrainToonMain.Options o = TrainToonMain.Options.parse(new String[] {"--from", dir.toString(),
        "--round4", "5"});
    assertEquals(dir, o.from);
    assertFalse(o.runs("vae") || o.runs("vae-dec") || o.runs("vae-pal"), "the model's VAE is kept");
    assertTrue(o.runs("latents") && o.runs("denoiser"));
    assertNull(TrainToonMain.Options.parse(new String[0]).from);
    IllegalArgumentException noRound = assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--from", dir.toString()}));
    assertTrue(noRound.getMessage().contains("--round4"), noRound.getMessage());
    // only the rounds after the first two run
    List<StagePlan> plan = TrainToonMain.plan(o);
    assertEquals(List.of("9s-4"), plan.stream().map(StagePlan::name).toList());
    assertEquals(1200, TrainToonMain.Options.parse(new String[0]).round3, "from scratch");
    assertEquals(List.of("3s-3", "9s-4"), TrainToonMain.plan(TrainToonMain.Options.parse(
        new String[] {"--from", dir.toString(), "--round4", "5", "--round3", "3"})).stream()
        .map(StagePlan::name).toList());
    for (String missing : TrainToonMain.FROM_FILES) {
      Path copy = dir.resolveSibling(dir.getFileName() + "-" + missing.replace('.', '-'));
      DjlModels.initialize(DjlTrainablesTest.tiny(), 1, copy);
      try {
        Files.delete(copy.resolve(missing));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--from", copy.toString(),
              "--round4", "5"}));
      assertTrue(e.getMessage().contains(missing), e.getMessage());
    }
  }

  /**
   * {@code --from} end to end on a random toon-sized model: two single-segment steps of a fourth
   * round; the VAE and vocabulary come through unchanged, the denoiser is trained, no VAE part
   * runs and only the caches the fine-tune needs are encoded.
   */
  @Test
  void fromFineTunesAModelDirectoryWithoutTrainingItsVae(@TempDir Path tmp) throws Exception {
    Path src = tmp.resolve("src");
    ModelConfig c = TrainToonMain.config(128).withVaePalette(TrainToonMain.toonPalette())
        .withGuidance("constant:3");
    DjlModels.initialize(c, 7, src);
    Path out = tmp.resolve("run");
    System.setProperty("ttt.djl.scan", "ndarray"); // as TrainToonMain runs: autograd sees the scan
    TrainToonMain.main(new String[] {"--out", out.toString(), "--from", src.toString(),
        "--round4", "6", "--round4-segments", "1", "--clips4r", "3", "--round4-select", "sft",
        "--lr4", "1e-3", "--clips1", "1"});
    Path fin = out.resolve("final");
    ModelConfig shipped = ModelConfigReader.fromDirectory(fin);
    assertEquals(c.withGuidance(TrainToonMain.DEFAULT_GUIDANCE), shipped);
    Map<String, float[]> before = DjlModels.readWeights(c, src);
    Map<String, float[]> after = DjlModels.readWeights(shipped, fin);
    assertEquals(before.keySet(), after.keySet());
    int trained = 0;
    for (Map.Entry<String, float[]> e : before.entrySet()) {
      if (e.getKey().startsWith("vae.")) {
        assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey());
      } else if (!Arrays.equals(e.getValue(), after.get(e.getKey()))) {
        trained++;
      }
    }
    assertTrue(trained > 50, "denoiser tensors changed: " + trained);
    assertEquals(Files.readString(src.resolve(WordTokenizer.FILE_NAME)),
        Files.readString(fin.resolve(WordTokenizer.FILE_NAME)));
    assertFalse(Files.exists(out.resolve("vae").resolve("checkpoints")), "no VAE training");
    assertFalse(Files.exists(out.resolve("vae-pal")));
    assertTrue(Files.exists(out.resolve("latents").resolve("seg1-r4.bin")));
    assertFalse(Files.exists(TrainToonMain.latentFile(TrainToonMain.Options.parse(
        new String[] {"--out", out.toString()}), 3)), "no first-round caches");
    assertTrue(Files.readString(out.resolve("denoiser").resolve("loss.csv")).lines().count() >= 2);
  }

  /**
   * {@code --ema}: the fine-tune keeps a parameter average, the export writes it, and {@code
   * --export-last} writes the last parameters instead; bad decays are refused.
   */
  @Test
  void emaExportsTheParameterAverageUnlessExportLastIsGiven(@TempDir Path tmp) throws Exception {
    for (String bad : new String[] {"1", "-0.1", "1.5", "NaN"}) {
      assertThrows(IllegalArgumentException.class,
          () -> TrainToonMain.Options.parse(new String[] {"--ema", bad}), bad);
    }
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TrainToonMain.Options.parse(new String[] {"--ema"}));
    assertTrue(missing.getMessage().contains("--ema needs a value"), missing.getMessage());
    assertEquals(0.99, TrainToonMain.Options.parse(new String[] {"--ema", "0.99"}).ema);

    Path src = tmp.resolve("src");
    ModelConfig c = TrainToonMain.config(128).withVaePalette(TrainToonMain.toonPalette());
    DjlModels.initialize(c, 11, src);
    Path out = tmp.resolve("run");
    System.setProperty("ttt.djl.scan", "ndarray");
    String[] args = {"--out", out.toString(), "--from", src.toString(),
        "--round4", "4", "--round4-segments", "1", "--clips4r", "2", "--round4-select", "sft",
        "--lr4", "1e-3", "--clips1", "1", "--ema", "0.5"};
    TrainToonMain.main(args);
    Path ckpt = new Checkpoint(
        out.resolve("denoiser").resolve("checkpoints"), 2).latest().orElseThrow();
    assertTrue(Checkpoint.hasEma(ckpt));
    Path fin = out.resolve("final");
    ModelConfig shipped = ModelConfigReader.fromDirectory(fin);
    Map<String, float[]> averaged = DjlModels.readWeights(shipped, fin);
    String[] exportLast = Arrays.copyOf(args, args.length + 2);
    exportLast[args.length] = "--export-only";
    exportLast[args.length + 1] = "--export-last";
    TrainToonMain.main(exportLast);
    Map<String, float[]> last = DjlModels.readWeights(shipped, fin);
    Map<String, float[]> before = DjlModels.readWeights(c, src);
    Map<String, float[]> emaFile = readAll(ckpt.resolve(Checkpoint.EMA));
    Map<String, float[]> paramsFile = readAll(ckpt.resolve("params.safetensors"));
    int averagedDiffers = 0;
    int compared = 0;
    for (Map.Entry<String, float[]> e : last.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("vae.")) {
        assertArrayEquals(before.get(k), averaged.get(k), k);
        assertArrayEquals(before.get(k), e.getValue(), k);
      } else if (emaFile.containsKey(k)) {
        compared++;
        assertArrayEquals(emaFile.get(k), averaged.get(k), 0f, "exported average " + k);
        assertArrayEquals(paramsFile.get(k), e.getValue(), 0f, "exported last " + k);
        if (!Arrays.equals(averaged.get(k), e.getValue())) {
          averagedDiffers++;
        }
      }
    }
    assertTrue(compared > 100, "denoiser tensors compared: " + compared);
    assertTrue(averagedDiffers > 50, "averaged tensors differing from the last: "
        + averagedDiffers);
  }

  private static Map<String, float[]> readAll(Path file) throws IOException {
    Map<String, float[]> out = new java.util.HashMap<>();
    try (io.github.tttvideo.core.weights.SafetensorsFile f =
        io.github.tttvideo.core.weights.SafetensorsFile.open(file)) {
      for (var t : f.tensors()) {
        out.put(t.name(), f.tensor(t.name()).toFloatArray());
      }
    }
    return out;
  }
}
