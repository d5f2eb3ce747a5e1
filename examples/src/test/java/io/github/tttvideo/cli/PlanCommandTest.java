package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TttVideoCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String official() throws Exception {
    return Path.of(PlanCommandTest.class.getResource("/official-example-9s.json").toURI())
        .toString();
  }

  private static List<Integer> ints(JsonNode segments, String field) {
    List<Integer> out = new ArrayList<>();
    segments.forEach(s -> out.add(s.get(field).asInt()));
    return out;
  }

  @Test
  void officialNineSecondsWithFiveBMatchesTheReference() throws Exception {
    Run r = run("plan", official(), "--model", "5B");
    assertEquals(0, r.code(), r.err());
    JsonNode plan = new ObjectMapper().readTree(r.out());
    assertEquals(3, plan.size());
    for (JsonNode v : plan) {
      assertEquals(16, v.get("fps").asInt());
      assertEquals(37, v.get("latentFrames").asInt());
      assertEquals(145, v.get("frames").asInt());
      assertEquals(9, v.get("durationSeconds").asInt());
      assertEquals(51456, v.get("totalTokens").asInt());
      JsonNode segs = v.get("segments");
      assertEquals(List.of(0, 1, 2), ints(segs, "index"));
      assertEquals(List.of(0, 1, 2), ints(segs, "scene"));
      assertEquals(List.of(502, 502, 502), ints(segs, "textTokens"));
      assertEquals(List.of(13, 12, 12), ints(segs, "latentFrames"));
      assertEquals(List.of(17550, 16200, 16200), ints(segs, "videoTokens"));
      assertEquals("5B", v.get("model").asText());
      assertEquals(1350, v.get("tokensPerFrame").asInt());
    }
    List<String> keys = new ArrayList<>();
    plan.get(0).fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("fps", "latentFrames", "frames", "durationSeconds", "totalTokens",
        "segments"), keys.subList(0, 6));
  }

  @Test
  void toonIsTheDefaultModelAndJsonLinesAreAccepted(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.jsonl");
    Files.writeString(f, "[{\"text\": \"In the kitchen.\"}, {\"text\": \"Tom jumps.\"}]\n");
    Run r = run("plan", f.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode v = new ObjectMapper().readTree(r.out()).get(0);
    assertEquals("toon", v.get("model").asText());
    assertEquals(25, v.get("latentFrames").asInt());
    assertEquals(97, v.get("frames").asInt());
    assertEquals(32 * 2 + 25 * 16, v.get("totalTokens").asInt()); // 32 text tokens a segment
    assertEquals(List.of(208, 192), ints(v.get("segments"), "videoTokens"));
  }

  @Test
  void modelDirectoryIsRead(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.json"), """
        {"width": 64, "heads": 2, "layers": 1, "ttt_variant": "mlp", "mini_batch": 8,
         "text_dim": 32, "latent_height": 4, "latent_width": 4, "text_tokens_per_segment": 5,
         "max_segments": 3}""");
    Run r = run("plan", official(), "--model", dir.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode v = new ObjectMapper().readTree(r.out()).get(0);
    // S = 4, video 37*4 = 148 = 4 mod 8; 3*Tt = 4 mod 8 -> Tt = 4 mod 8 -> 12
    assertEquals(12, v.get("textTokensPerSegment").asInt());
    assertEquals(3 * 12 + 148, v.get("totalTokens").asInt());
  }

  @Test
  void malformedFileExitsTwoWithItsPosition(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "[\n  [\n    {\"text\": 42}\n  ]\n]\n");
    Run r = run("plan", f.toString());
    assertEquals(2, r.code());
    assertEquals("error: " + f + ":3:14: video 0, segment 0: \"text\" must be a string, got a"
        + " number", r.err().strip());
    assertEquals("", r.out());
  }

  @Test
  void otherBadInputExitsTwo(@TempDir Path dir) throws Exception {
    Run missing = run("plan", dir.resolve("none.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("error: no such file"), missing.err());

    Run model = run("plan", official(), "--model", "7B");
    assertEquals(2, model.code());
    assertTrue(model.err().contains("unknown model \"7B\""), model.err());

    Path twelve = dir.resolve("twelve.json");
    Files.writeString(twelve, "[[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"},{\"text\":\"d\"}]]");
    Run gcd = run("plan", twelve.toString(), "--model", "5B");
    assertEquals(2, gcd.code());
    assertTrue(gcd.err().contains("gcd(4, 64) = 4"), gcd.err());

    Path tooLong = dir.resolve("long.json");
    Files.writeString(tooLong, "[\n" + "[" + "{\"text\":\"a\"},".repeat(21) + "{\"text\":\"b\"}]\n]");
    Run longRun = run("plan", tooLong.toString());
    assertEquals(2, longRun.code());
    assertTrue(longRun.err().startsWith("error: " + tooLong + ":2:1: video 0 has 22 segments"),
        longRun.err());

    assertEquals(2, run("plan", twelve.toString(), tooLong.toString()).code());
  }
}
