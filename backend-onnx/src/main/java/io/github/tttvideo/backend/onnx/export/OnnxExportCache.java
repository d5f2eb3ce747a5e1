package io.github.tttvideo.backend.onnx.export;

import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.core.model.ModelConfigReader;
import io.github.tttvideo.core.weights.WeightStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of exported graphs of a model, exported on first use. Folders live under {@code
 * ~/.cache/ttt-video/onnx} (or the folder named by the system property {@value #CACHE_PROPERTY})
 * and are named by the model's content: a SHA-256 over the exporter's {@link
 * OnnxExporter#FORMAT_VERSION}, {@code config.json} and every weight file, so a changed model or
 * exporter never reuses stale graphs. A folder is written under a temporary name and moved into
 * place atomically, so a crash or a concurrent export never leaves a half-written folder behind
 * the final name.
 *
 * <pre>{@code
 * Path graphs = OnnxExportCache.resolve(modelDir);   // exports the first time only
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OnnxExportCache {

  /** System property naming the cache root. */
  public static final String CACHE_PROPERTY = "ttt.onnx.cache";

  private static final Logger LOG = LoggerFactory.getLogger(OnnxExportCache.class);

  private OnnxExportCache() {}

  /**
   * The cache root in use.
   *
   * @return the folder
   */
  public static Path root() {
    String p = System.getProperty(CACHE_PROPERTY);
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "ttt-video", "onnx");
  }

  /**
   * The exported graphs of a model, exporting them now if the cache has none for its content.
   *
   * @param modelDirectory model directory
   * @return a folder with {@link OnnxExporter#DENOISER}, {@link OnnxExporter#VAE_FIRST} and {@link
   *     OnnxExporter#VAE_NEXT}
   * @throws ModelLoadException if the model cannot be exported
   */
  public static Path resolve(Path modelDirectory) {
    Path root = root();
    Path target = root.resolve(key(modelDirectory));
    if (Files.isRegularFile(target.resolve(OnnxExporter.DENOISER))) {
      return target;
    }
    try {
      Files.createDirectories(root);
      Path tmp = Files.createTempDirectory(root, target.getFileName() + ".tmp-");
      try {
        OnnxExporter.export(modelDirectory, tmp);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target);
        }
        LOG.info("ONNX graphs of {} cached in {}", modelDirectory, target);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        LOG.debug("another process exported {} first", target);
      } finally {
        deleteTree(tmp);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ONNX export cache " + root, e);
    }
  }

  /**
   * The cache folder name of a model: its name and the first 20 hex digits of the content hash.
   *
   * @param modelDirectory model directory
   * @return the name
   */
  public static String key(Path modelDirectory) {
    Path config = modelDirectory.resolve(ModelConfigReader.FILE_NAME);
    if (!Files.isRegularFile(config)) {
      throw new ModelLoadException("cannot export " + modelDirectory + " to ONNX: it has no "
          + ModelConfigReader.FILE_NAME);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(OnnxExporter.FORMAT_VERSION.getBytes(StandardCharsets.UTF_8));
      digest(sha, config);
      List<Path> files;
      try (WeightStore store = WeightStore.open(modelDirectory)) {
        files = store.files();
      }
      for (Path f : files) {
        sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest(sha, f);
      }
      String name = ModelConfigReader.fromDirectory(modelDirectory).name()
          .replaceAll("[^A-Za-z0-9._-]", "_");
      return name + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 20);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the weights of " + modelDirectory + ": " + e, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void digest(MessageDigest sha, Path file) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
