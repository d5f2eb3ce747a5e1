package io.github.tttvideo.backend.djl.ttt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The NDArray scan reproduces the official op-level golden vectors (video_op_* cases). */
class NdTttScanGoldenTest {

  static Path goldenDir() {
    String dir = System.getProperty("ttt.golden.dir");
    if (dir != null) {
      return Path.of(dir);
    }
    Path root = Path.of(System.getProperty("ttt.repo.root", ".."));
    return root.resolve("../shared/golden/ttt").normalize();
  }

  @TestFactory
  Stream<DynamicTest> videoOpCasesMatch() throws IOException {
    Path dir = goldenDir();
    List<Path> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().startsWith("video_op_")).sorted().forEach(cases::add);
    }
    assertTrue(!cases.isEmpty(), "no video_op_* case in " + dir);
    return cases.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private static float[] data(JsonNode t) {
    JsonNode d = t.get("data");
    float[] out = new float[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) d.get(i).asDouble();
    }
    return out;
  }

  private static long[] shape(JsonNode t) {
    JsonNode s = t.get("shape");
    long[] out = new long[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.get(i).asLong();
    }
    return out;
  }

  private static void check(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    JsonNode cfg = root.get("config");
    JsonNode in = root.get("tensors");
    JsonNode expected = root.get("outputs");
    int b = cfg.get("B").asInt();
    int h = cfg.get("H").asInt();
    int nc = cfg.get("NC").asInt();
    int k = cfg.get("CS").asInt();
    int d = cfg.get("HD").asInt();
    boolean mlp = root.get("case").asText().contains("mlp");
    float eps = (float) cfg.get("ln_eps").asDouble();
    try (NDManager m = NDManager.newBaseManager()) {
      Shape qShape = new Shape(b * h, nc, k, d);
      NDArray xq = m.create(data(in.get("XQ")), qShape);
      NDArray xk = m.create(data(in.get("XK")), qShape);
      NDArray xv = m.create(data(in.get("XV")), qShape);
      NDArray eta = m.create(data(in.get("eta")), new Shape(b * h, nc, k, k));
      // [H, d] tiled over B -> [B*H, 1, d]
      NDArray lnW = m.create(data(in.get("ttt_norm_weight")), new Shape(1, h, 1, d))
          .repeat(0, b).reshape(b * h, 1, d);
      NDArray lnB = m.create(data(in.get("ttt_norm_bias")), new Shape(1, h, 1, d))
          .repeat(0, b).reshape(b * h, 1, d);
      NDList weights = new NDList();
      for (String name : mlp ? new String[] {"W1_init", "b1_init", "W2_init", "b2_init"}
          : new String[] {"W1_init", "b1_init"}) {
        long[] s = shape(in.get(name));
        weights.add(m.create(data(in.get(name)), new Shape(b * h, s[2], s[3])));
      }
      NDList res = new NdTttScan(mlp, false, eps).scan(xq, xk, xv, eta, lnW, lnB, weights, m);
      // ours [B*H, NC, K, d] -> the op's [B, NC, K, H, d]
      NDArray xqw = res.get(0).reshape(b, h, nc, k, d).transpose(0, 2, 3, 1, 4);
      compare("XQW", xqw.toFloatArray(), data(expected.get("XQW")));
      String[] finals = mlp ? new String[] {"W1_final", "b1_final", "W2_final", "b2_final"}
          : new String[] {"W1_final", "b1_final"};
      for (int i = 0; i < finals.length; i++) {
        compare(finals[i], res.get(i + 1).toFloatArray(), data(expected.get(finals[i])));
      }
    }
  }

  private static void compare(String name, float[] got, float[] ref) {
    assertTrue(got.length == ref.length, name + ": " + got.length + " values, expected " + ref.length);
    double worst = 0;
    for (int i = 0; i < got.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - ref[i]) / (1 + Math.abs(ref[i])));
    }
    assertTrue(worst <= 1e-4, name + ": worst |x - ref| / (1 + |ref|) = " + worst);
  }
}
