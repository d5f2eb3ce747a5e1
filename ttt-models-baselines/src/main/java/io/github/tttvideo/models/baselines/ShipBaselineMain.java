package io.github.tttvideo.models.baselines;

import io.github.tttvideo.api.Models;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.weights.DType;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.Tensor;
import io.github.tttvideo.core.weights.TensorInfo;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies a trained baseline model directory (the {@code final/} of {@code TrainMixerMain}) into
 * this module's resources as {@code io/github/tttvideo/models/toon-MIXER/}: {@code config.json}
 * (named {@code toon-MIXER}), {@code model.safetensors} with every tensor converted to F16 (about
 * 6 MB for the toon model), {@code vocab.json}. The name follows the config's {@code
 * sequence_mixer}.
 *
 * <pre>
 * java -cp ... io.github.tttvideo.models.baselines.ShipBaselineMain /work/runs/mix/sliding/final \
 *   [ttt-models-baselines/src/main/resources]
 * </pre>
 *
 * @since 0.1.0
 */
public final class ShipBaselineMain {

  private ShipBaselineMain() {}

  /**
   * Entry point.
   *
   * @param args {@code MODEL_DIR [RESOURCES_ROOT]} (default {@code
   *     ttt-models-baselines/src/main/resources})
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ShipBaselineMain MODEL_DIR [RESOURCES_ROOT]");
      System.exit(2);
    }
    Path resources = Path.of(args.length > 1 ? args[1]
        : "ttt-models-baselines/src/main/resources");
    Path out = ship(Path.of(args[0]), resources);
    System.out.println("wrote " + out);
  }

  /**
   * Converts a model directory into a baseline's resource folder.
   *
   * @param modelDir the trained model ({@code config.json}, weights, {@code vocab.json})
   * @param resourcesRoot the resources root of the module
   * @return the folder written
   * @throws IOException if a file cannot be read or written
   * @throws IllegalArgumentException if the config's mixer has no baseline name
   */
  public static Path ship(Path modelDir, Path resourcesRoot) throws IOException {
    ModelConfig config = ModelConfigReader.fromDirectory(modelDir);
    String name = "toon-" + config.sequenceMixer().jsonName();
    if (!Models.isToonBaseline(name)) {
      throw new IllegalArgumentException(modelDir + " has no baseline name (" + name + ")");
    }
    Path dir = Files.createDirectories(
        resourcesRoot.resolve(BaselineModelSource.RESOURCE_ROOT + name));
    SafetensorsWriter w = SafetensorsWriter.to(dir.resolve("model.safetensors.tmp"));
    w.metadata("format", "pt");
    try (WeightStore store = WeightStore.open(modelDir)) {
      for (TensorInfo info : store.tensors()) {
        Tensor t = store.tensor(info.name());
        w.add(info.name(), DType.F16, t.shape(), t.toFloatArray());
      }
    }
    w.write();
    Files.move(dir.resolve("model.safetensors.tmp"), dir.resolve("model.safetensors"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve(ModelConfigReader.FILE_NAME),
        ModelConfigReader.toJson(config.withName(name)));
    Path vocab = modelDir.resolve("vocab.json");
    if (Files.isRegularFile(vocab)) {
      Files.copy(vocab, dir.resolve("vocab.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }
}
