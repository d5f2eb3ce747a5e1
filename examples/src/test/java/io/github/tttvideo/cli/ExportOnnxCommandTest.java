package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.examples.eval.TinyToonModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportOnnxCommandTest {

  @TempDir Path dir;

  @Test
  void exportsTheThreeGraphsIntoTheGivenFolder() {
    Path model = TinyToonModel.write(dir.resolve("model"));
    InspectCommandTest.Run r = InspectCommandTest.run("export-onnx", "--model", model.toString(),
        "-o", dir.resolve("onnx").toString());
    assertEquals(0, r.code(), r.err());
    for (String f : new String[] {"denoiser.onnx", "vae_first.onnx", "vae_next.onnx"}) {
      assertTrue(Files.isRegularFile(dir.resolve("onnx").resolve(f)), f);
      assertTrue(r.out().contains(f), r.out());
    }
  }

  @Test
  void aDirectoryWithoutWeightsIsAClearFailure() throws Exception {
    Path model = TinyToonModel.write(dir.resolve("model"));
    Files.delete(model.resolve("model.safetensors"));
    InspectCommandTest.Run r = InspectCommandTest.run("export-onnx", "--model", model.toString(),
        "-o", dir.resolve("onnx").toString());
    assertTrue(r.code() != 0, r.out());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("safetensors"), r.err());
  }
}
