package io.github.tttvideo.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.github.tttvideo.backend.djl.DjlBackendProvider;
import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.backend.onnx.export.OnnxExporter;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.ttt.TttVariant;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.LatentDecoder;
import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported VAE decoder of a model with a {@code vae_palette}, against backend-djl's. */
class OnnxPaletteDecoderTest {

  private static final List<String> COLOURS =
      List.of("#204060", "#C08040", "#40C0A0", "#806020");
  private static final ModelConfig C =
      OnnxTestModels.tiny(TttVariant.MLP, 1).withVaePalette(COLOURS);

  @TempDir static Path tmp;
  static Path dir;
  static Path graphs;

  /**
   * A tiny palette model whose {@code conv_out} is scaled up, so that the softmax over the
   * colours is far from uniform (at the initialisation's scale every pixel is about the mean
   * colour and any head would pass).
   */
  @BeforeAll
  static void export() throws IOException {
    dir = DjlModels.initialize(C, 21, tmp.resolve("palette"));
    Map<String, float[]> w = DjlModels.readWeights(C, dir);
    for (String k : List.of("vae.decoder.conv_out.weight", "vae.decoder.conv_out.bias")) {
      float[] v = w.get(k);
      for (int i = 0; i < v.length; i++) {
        v[i] *= 40;
      }
    }
    Map<String, long[]> shapes = TttDenoiserParameters.all(C);
    SafetensorsWriter out = SafetensorsWriter.to(dir.resolve("model.safetensors"));
    w.forEach((k, v) -> out.add(k, shapes.get(k), v));
    out.write();
    graphs = tmp.resolve("onnx");
    OnnxExporter.export(dir, graphs);
  }

  private static ModelProto read(String file) throws IOException {
    try (InputStream in = Files.newInputStream(graphs.resolve(file))) {
      return ModelProto.parseFrom(in);
    }
  }

  @Test
  void bothDecoderGraphsEndInTheSoftmaxOverTheColoursAndThePalette() throws IOException {
    float[] rgb = C.vaePaletteRgb();
    for (String file : List.of(OnnxExporter.VAE_FIRST, OnnxExporter.VAE_NEXT)) {
      ModelProto m = read(file);
      TensorProto palette = m.getGraph().getInitializerList().stream()
          .filter(t -> t.getName().equals("vae.decoder.palette")).findFirst().orElseThrow();
      assertEquals(List.of(4L, 3L), palette.getDimsList(), file);
      float[] values = new float[12];
      ByteBuffer.wrap(palette.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(values);
      assertArrayEquals(rgb, values, file);
      List<NodeProto> softmax = m.getGraph().getNodeList().stream()
          .filter(n -> n.getOpType().equals("Softmax")).toList();
      assertEquals(1, softmax.size(), file);
      AttributeProto axis = softmax.get(0).getAttribute(0);
      assertEquals("axis", axis.getName());
      assertEquals(1L, axis.getI(), file);
      assertEquals("pixels", m.getGraph().getOutput(0).getName());
      assertEquals(3, m.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1)
          .getDimValue(), file);
    }
  }

  @Test
  void firstAndNextPiecesMatchDjl() {
    int perFrame = C.latentChannels() * C.latentHeight() * C.latentWidth();
    int[] lo = {0x20, 0x40, 0x20};
    int[] hi = {0xC0, 0xC0, 0xA0};
    ModelConfig c = ModelConfigReader.fromDirectory(dir);
    assertEquals(COLOURS, c.vaePalette());
    try (VideoModel djl = new DjlBackendProvider().load(dir, BackendOptions.defaults());
        OnnxVideoModel onnx = new OnnxVideoModel(c, dir, graphs, Device.cpu(), 1);
        LatentDecoder a = djl.openDecoder();
        LatentDecoder b = onnx.openDecoder()) {
      int seed = 30;
      int[] spread = {255, 0};
      for (int f : new int[] {5, 4, 4}) {
        float[] z = OnnxTestModels.gaussian(f * perFrame, seed++, 1.0);
        List<VideoFrame> ref = a.decodeNext(z, f);
        List<VideoFrame> got = b.decodeNext(z, f);
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < ref.size(); i++) {
          byte[] x = ref.get(i).rgb();
          byte[] y = got.get(i).rgb();
          for (int j = 0; j < x.length; j++) {
            int diff = Math.abs((x[j] & 0xff) - (y[j] & 0xff));
            assertTrue(diff <= 1, "frame " + i + " byte " + j + " differs by " + diff);
            int v = y[j] & 0xff;
            assertTrue(v >= lo[j % 3] && v <= hi[j % 3], "byte " + v + " of channel " + j % 3);
            if (j % 3 == 0) {
              spread[0] = Math.min(spread[0], v);
              spread[1] = Math.max(spread[1], v);
            }
          }
        }
      }
      // the sharpened head uses the colours, not only their mean
      assertTrue(spread[1] - spread[0] > (hi[0] - lo[0]) / 2, "red " + spread[0] + ".."
          + spread[1]);
    }
  }
}
