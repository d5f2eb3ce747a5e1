package io.github.tttvideo.backend.onnx.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.backend.onnx.graph.GraphBuilder;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.core.model.ModelConfigReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the networks of a model directory (config + safetensors weights) as ONNX graphs: the
 * denoiser ({@value #DENOISER}, {@link DenoiserGraph}) and the two graphs of the streaming VAE
 * decoder ({@value #VAE_FIRST}, {@value #VAE_NEXT}). The text encoder of the embedded model is a
 * table lookup and stays in Java. Graphs are opset {@value #OPSET}; each file holds its weights
 * inline, so a graph whose weights reach {@value #MAX_PROTO_BYTES} bytes (protobuf's 2 GiB
 * message limit, less room for the nodes) is refused with a {@link ModelLoadException}.
 *
 * <pre>{@code
 * List<Path> files = OnnxExporter.export(Path.of("models/toon"), Path.of("toon-onnx"));
 * }</pre>
 *
 * <p>The denoiser graph's inputs are {@code latents [Nf, C, h, w]}, {@code text [n, Tt, T]},
 * {@code time_features [1, D]} and the story-layout tensors of {@link StoryInputs} ({@code
 * win_gather, win_cos, win_sin, win_merge_a, win_merge_b, ttt_fwd_gather, ttt_fwd_scatter,
 * ttt_rev_gather, ttt_rev_scatter, ttt_cos, ttt_sin}); its output is {@code velocity [Nf, C, h,
 * w]}. The TTT mini-batch scan is an ONNX {@code Scan} (one per TTT pass) whose state is the inner
 * model, so the graph's size does not grow with the story.
 *
 * @since 0.1.0
 */
public final class OnnxExporter {

  /** File of the denoiser graph. */
  public static final String DENOISER = "denoiser.onnx";
  /** File of the VAE decoder graph for a video's first piece. */
  public static final String VAE_FIRST = "vae_first.onnx";
  /** File of the VAE decoder graph for the following pieces. */
  public static final String VAE_NEXT = "vae_next.onnx";
  /** ONNX operator set of the graphs. */
  public static final int OPSET = 17;
  /** Version of the graphs' layout; part of the export cache key. */
  public static final String FORMAT_VERSION = "ttt-onnx-1";
  /** Largest weight payload of one graph file. */
  public static final long MAX_PROTO_BYTES = (1L << 31) - (64L << 20);

  private static final Logger LOG = LoggerFactory.getLogger(OnnxExporter.class);

  private OnnxExporter() {}

  /**
   * Exports a model directory.
   *
   * @param modelDirectory directory with {@code config.json} and the weights
   * @param outputDirectory where the graph files go (created if missing; files are replaced)
   * @return the files written
   * @throws ModelLoadException if the config or the weights do not describe an exportable model
   *     (a missing or misshapen tensor is named), or a graph is too large for one file
   * @throws UncheckedIOException if a file cannot be written
   */
  public static List<Path> export(Path modelDirectory, Path outputDirectory) {
    return export(modelDirectory, outputDirectory, MAX_PROTO_BYTES);
  }

  /**
   * Writes the sequence block (gated forward and reversed TTT) of one layer as a graph of its own,
   * for tests of the TTT part in isolation.
   *
   * @param modelDirectory model directory
   * @param layer layer index
   * @param file target file
   * @return the file
   */
  static Path exportSequenceBlock(Path modelDirectory, int layer, Path file) {
    ModelConfig config = readConfig(modelDirectory);
    try (ModelWeights weights = ModelWeights.open(modelDirectory)) {
      GraphBuilder g = new GraphBuilder("block" + layer);
      DenoiserGraph.writeSequenceBlock(config, weights, g, layer);
      return write(g, config, file, MAX_PROTO_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static List<Path> export(Path modelDirectory, Path outputDirectory, long maxBytes) {
    ModelConfig config = readConfig(modelDirectory);
    checkExportable(config, modelDirectory);
    long start = System.nanoTime();
    List<Path> out = new ArrayList<>();
    try (ModelWeights weights = ModelWeights.open(modelDirectory)) {
      Files.createDirectories(outputDirectory);
      GraphBuilder den = new GraphBuilder("denoiser");
      DenoiserGraph.write(config, weights, den);
      out.add(write(den, config, outputDirectory.resolve(DENOISER), maxBytes));
      for (boolean first : new boolean[] {true, false}) {
        GraphBuilder vae = new GraphBuilder(first ? "vae_first" : "vae_next");
        VaeDecoderGraph.write(config, weights, vae, first);
        out.add(write(vae, config, outputDirectory.resolve(first ? VAE_FIRST : VAE_NEXT),
            maxBytes));
      }
      weights.checkAllUsed("text_encoder.", "vae.encoder.");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ONNX graphs to " + outputDirectory, e);
    }
    LOG.info("exported {} to {} in {} ms", modelDirectory, outputDirectory,
        (System.nanoTime() - start) / 1_000_000);
    return out;
  }

  private static ModelConfig readConfig(Path dir) {
    if (!Files.isRegularFile(dir.resolve(ModelConfigReader.FILE_NAME))) {
      throw new ModelLoadException("cannot export " + dir + " to ONNX: it has no "
          + ModelConfigReader.FILE_NAME);
    }
    try {
      return ModelConfigReader.fromDirectory(dir);
    } catch (InvalidInputException e) {
      throw new ModelLoadException("cannot export " + dir + " to ONNX: " + e.getMessage(), e);
    }
  }

  /** The layout rules the graphs rely on, checked before any weight is read. */
  private static void checkExportable(ModelConfig c, Path dir) {
    String why = null;
    if (c.headDim() % 16 != 0) {
      why = "the 3D RoPE needs head_dim (width / heads) to be a multiple of 16, got " + c.headDim();
    } else if (Integer.bitCount(c.vaeTemporal()) != 1
        || c.vaeChannels().size() != Integer.numberOfTrailingZeros(c.vaeSpatial()) + 1) {
      why = "the VAE needs a power-of-two vae_temporal and log2(vae_spatial) + 1 vae_channels";
    }
    if (why != null) {
      throw new ModelLoadException("cannot export " + dir + " to ONNX: " + why);
    }
  }

  private static Path write(GraphBuilder g, ModelConfig c, Path file, long maxBytes)
      throws IOException {
    if (g.initializerBytes() > maxBytes) {
      throw new ModelLoadException("cannot export " + c.name() + " to ONNX: the graph "
          + file.getFileName() + " holds " + g.initializerBytes() + " bytes of weights, more than"
          + " one protobuf file can carry (" + maxBytes + "); this exporter writes no external"
          + " data files, so such a model runs on the djl backend only");
    }
    ModelProto model = ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("ttt-video")
        .setProducerVersion(FORMAT_VERSION)
        .setModelVersion(1)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey("ttt.model")
            .setValue(c.name()))
        .setGraph(g.build())
        .build();
    try (OutputStream os = Files.newOutputStream(file)) {
      model.writeTo(os);
    }
    return file;
  }
}
