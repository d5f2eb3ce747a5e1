package io.github.tttvideo.backend.onnx.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.backend.onnx.graph.ExternalData;
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
 * inline, unless they pass {@value #MAX_PROTO_BYTES} bytes (protobuf's 2 GiB message limit, less
 * room for the nodes): then every tensor of 1 KiB or more goes to an ONNX external data file
 * beside the graph ({@code denoiser.onnx.data}), which ONNX Runtime reads from the same folder.
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
   *     (a missing or misshapen tensor is named)
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

  /**
   * Exports a model directory with a chosen limit on the weights a graph file holds inline; a
   * graph over it writes its tensors of 1 KiB and more to an external data file beside it.
   *
   * @param modelDirectory directory with {@code config.json} and the weights
   * @param outputDirectory where the graph files go
   * @param maxBytes most bytes of weights inside one graph file (at most {@link
   *     #MAX_PROTO_BYTES})
   * @return the files written, data files included
   */
  public static List<Path> export(Path modelDirectory, Path outputDirectory, long maxBytes) {
    if (maxBytes < 0 || maxBytes > MAX_PROTO_BYTES) {
      throw new InvalidInputException("maxBytes must be in [0, " + MAX_PROTO_BYTES + "], got "
          + maxBytes);
    }
    ModelConfig config = readConfig(modelDirectory);
    checkExportable(config, modelDirectory);
    long start = System.nanoTime();
    List<Path> out = new ArrayList<>();
    try (ModelWeights weights = ModelWeights.open(modelDirectory)) {
      Files.createDirectories(outputDirectory);
      out.addAll(writeGraph(config, outputDirectory.resolve(DENOISER), maxBytes,
          weights.floatBytes(n -> !n.startsWith("vae.") && !n.startsWith("text_encoder.")),
          g -> DenoiserGraph.write(config, weights, g)));
      long vaeBytes = weights.floatBytes(n -> n.startsWith("vae.decoder."));
      out.addAll(writeGraph(config, outputDirectory.resolve(VAE_FIRST), maxBytes, vaeBytes,
          g -> VaeDecoderGraph.write(config, weights, g, true)));
      out.addAll(writeGraph(config, outputDirectory.resolve(VAE_NEXT), maxBytes, vaeBytes,
          g -> VaeDecoderGraph.write(config, weights, g, false)));
      weights.checkAllUsed("text_encoder.", "vae.encoder.");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ONNX graphs to " + outputDirectory, e);
    }
    LOG.info("exported {} to {} in {} ms", modelDirectory, outputDirectory,
        (System.nanoTime() - start) / 1_000_000);
    return out;
  }

  /**
   * Writes one graph file; when its weights would pass {@code maxBytes} they go to an external
   * data file beside it ({@code FILE.data}) and the graph keeps only small tensors inline.
   */
  private static List<Path> writeGraph(ModelConfig config, Path file, long maxBytes,
      long weightBytes, java.util.function.Consumer<GraphBuilder> body) throws IOException {
    String name = file.getFileName().toString().replace(".onnx", "");
    if (weightBytes <= maxBytes) {
      GraphBuilder g = new GraphBuilder(name);
      body.accept(g);
      return List.of(write(g, config, file, maxBytes));
    }
    Path dataFile = file.resolveSibling(file.getFileName() + ".data");
    try (ExternalData data = new ExternalData(dataFile)) {
      GraphBuilder g = new GraphBuilder(name, data);
      body.accept(g);
      LOG.info("{}: {} bytes of weights in external data {}", file.getFileName(), data.size(),
          dataFile.getFileName());
      return List.of(write(g, config, file, MAX_PROTO_BYTES), dataFile);
    }
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
    if (!c.sequenceMixer().isTtt()) {
      why = "its sequence_mixer is " + c.sequenceMixer().jsonName() + ", and the ONNX exporter"
          + " writes the TTT mixers only (ttt-linear, ttt-mlp); run it on the djl backend";
    } else if (c.headDim() % 16 != 0) {
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
          + file.getFileName() + " keeps " + g.initializerBytes() + " bytes of weights inline,"
          + " more than one protobuf file can carry (" + maxBytes + ")");
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
