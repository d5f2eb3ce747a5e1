package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tttvideo.core.weights.SafetensorsFile;
import io.github.tttvideo.core.weights.SafetensorsWriter;
import io.github.tttvideo.core.weights.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of a training run in one directory, written atomically and pruned to the last N.
 *
 * <p>Layout: {@code <dir>/step-000000123/} holding {@code params.safetensors} (every parameter,
 * F32, registration order), {@code optimizer.safetensors} (the AdamW moments {@code m.<name>} and
 * {@code v.<name>}, F32), {@code state.json} ({@link TrainingState} plus a format version) and,
 * when the run keeps a parameter average, {@code ema.safetensors} ({@link #EMA}). A
 * checkpoint is first written to a hidden {@code .tmp-step-...} sibling and then renamed, so a
 * directory named {@code step-*} is always complete; leftovers of an interrupted write are removed
 * by the next save. F32 storage is exact, so a restored run continues bit-identically.
 *
 * <pre>{@code
 * Checkpoint ckpt = new Checkpoint(runDir.resolve("checkpoints"), 3);
 * ckpt.save(state, params, optimizer);
 * Optional<Path> last = ckpt.latest();
 * TrainingState s = ckpt.restore(last.get(), params, optimizer);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Checkpoint {
  /** Version of the layout, in {@code state.json}. */
  public static final int FORMAT_VERSION = 1;

  static final String PARAMS = "params.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String STATE = "state.json";

  /**
   * File of a checkpoint's parameter average, when the run keeps one ({@link EmaWeights}): the
   * averages under the parameters' names, F32, with metadata {@code ema_updates} and {@code
   * ema_decay}.
   */
  public static final String EMA = "ema.safetensors";

  private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
  private static final Pattern NAME = Pattern.compile("step-(\\d{9,})");

  private final Path dir;
  private final int keepLast;

  /**
   * Checkpoints in a directory.
   *
   * @param dir the directory (created on first save)
   * @param keepLast how many checkpoints to keep, >= 1
   */
  public Checkpoint(Path dir, int keepLast) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
    }
    this.dir = dir;
    this.keepLast = keepLast;
  }

  /** {@return the directory} */
  public Path dir() {
    return dir;
  }

  /**
   * Saves a checkpoint; an existing one of the same step is kept as it is (it holds the same run
   * state).
   *
   * @param state where the run stands
   * @param params all parameters
   * @param optimizer the optimizer, or null to save none
   * @return the checkpoint's directory
   * @throws IOException if writing fails; no {@code step-*} directory is left half-written
   */
  public Path save(TrainingState state, NamedParameters params, AdamW optimizer)
      throws IOException {
    return save(state, params, optimizer, null);
  }

  /**
   * Saves a checkpoint with the run's parameter average; an existing one of the same step is kept
   * as it is.
   *
   * @param state where the run stands
   * @param params all parameters
   * @param optimizer the optimizer, or null to save none
   * @param ema the parameter average, or null to save none
   * @return the checkpoint's directory
   * @throws IOException if writing fails; no {@code step-*} directory is left half-written
   */
  public Path save(TrainingState state, NamedParameters params, AdamW optimizer, EmaWeights ema)
      throws IOException {
    Files.createDirectories(dir);
    String name = String.format("step-%09d", state.globalStep());
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      LOG.debug("checkpoint {} exists, not rewritten", target);
      return target;
    }
    removeLeftovers();
    Path tmp = dir.resolve(".tmp-" + name);
    Files.createDirectories(tmp);
    try {
      writeTensors(tmp.resolve(PARAMS), params.asMap());
      if (optimizer != null) {
        writeTensors(tmp.resolve(OPTIMIZER), optimizer.stateArrays());
      }
      if (ema != null) {
        writeTensors(tmp.resolve(EMA), ema.arrays(), Map.of(
            "ema_updates", Long.toString(ema.updates()),
            "ema_decay", Double.toString(ema.decay())));
      }
      Files.writeString(tmp.resolve(STATE), stateJson(state), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    prune();
    LOG.info("saved checkpoint {} (step {})", target, state.globalStep());
    return target;
  }

  /**
   * The newest complete checkpoint.
   *
   * @return its directory, if any
   * @throws IOException if the directory cannot be listed
   */
  public Optional<Path> latest() throws IOException {
    List<Path> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * The complete checkpoints, oldest first.
   *
   * @return their directories
   * @throws IOException if the directory cannot be listed
   */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .forEach(out::add);
    }
    out.sort(Comparator.comparingLong(Checkpoint::stepOf));
    return out;
  }

  /**
   * Reads only the run state of a checkpoint.
   *
   * @param checkpoint a checkpoint directory
   * @return its state
   * @throws IOException if reading fails or the format is unknown
   */
  public static TrainingState readState(Path checkpoint) throws IOException {
    JsonNode n = new ObjectMapper().readTree(checkpoint.resolve(STATE).toFile());
    int version = n.path("format_version").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new IOException(
          checkpoint + ": unsupported checkpoint format_version " + version
              + " (this code reads " + FORMAT_VERSION + ")");
    }
    return new TrainingState(
        n.get("global_step").asLong(),
        n.get("stage_index").asInt(),
        n.get("stage_name").asText(),
        n.get("stage_step").asInt(),
        n.get("optimizer_step").asLong(),
        n.get("rng_state").asLong(),
        n.get("data_cursor").asLong());
  }

  /**
   * Restores parameters (in place) and, if given, the optimizer from a checkpoint.
   *
   * @param checkpoint a checkpoint directory
   * @param params the parameters; every one must be in the checkpoint with the same shape
   * @param optimizer the optimizer to restore, or null to leave it
   * @return the saved run state
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming the first missing or mis-shaped tensor
   */
  public static TrainingState restore(Path checkpoint, NamedParameters params, AdamW optimizer)
      throws IOException {
    TrainingState state = readState(checkpoint);
    Map<String, float[]> values = readTensors(checkpoint.resolve(PARAMS), params.asMap());
    for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
      e.getValue().set(values.get(e.getKey()));
    }
    if (optimizer != null) {
      Path opt = checkpoint.resolve(OPTIMIZER);
      if (!Files.exists(opt)) {
        throw new IOException(checkpoint + " holds no optimizer state");
      }
      optimizer.restore(state.optimizerStep(), readTensors(opt, optimizer.stateArrays()));
    }
    LOG.info("restored checkpoint {} (step {})", checkpoint, state.globalStep());
    return state;
  }

  /**
   * Whether a checkpoint holds a parameter average.
   *
   * @param checkpoint a checkpoint directory
   * @return whether {@link #EMA} is there
   */
  public static boolean hasEma(Path checkpoint) {
    return Files.isRegularFile(checkpoint.resolve(EMA));
  }

  /**
   * Restores a run's parameter average from a checkpoint.
   *
   * @param checkpoint a checkpoint directory that {@linkplain #hasEma holds one}
   * @param ema the average to overwrite (same parameters)
   * @throws IOException if reading fails, there is no average, or its metadata is unreadable
   * @throws IllegalArgumentException naming the first missing or mis-shaped tensor
   */
  public static void restoreEma(Path checkpoint, EmaWeights ema) throws IOException {
    Path file = emaFile(checkpoint);
    long updates;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      String n = f.metadata().get("ema_updates");
      if (n == null) {
        throw new IOException(file + " has no ema_updates metadata");
      }
      try {
        updates = Long.parseLong(n);
      } catch (NumberFormatException e) {
        throw new IOException(file + ": ema_updates is not a number: " + n, e);
      }
    }
    ema.restore(readTensors(file, ema.arrays()), updates);
  }

  /**
   * Sets the parameters to a checkpoint's parameter average (to export or sample the averaged
   * weights).
   *
   * @param checkpoint a checkpoint directory that {@linkplain #hasEma holds one}
   * @param params the parameters to overwrite
   * @throws IOException if reading fails or there is no average
   * @throws IllegalArgumentException naming the first missing or mis-shaped tensor
   */
  public static void restoreAverageInto(Path checkpoint, NamedParameters params)
      throws IOException {
    Path file = emaFile(checkpoint);
    Map<String, float[]> values = readTensors(file, params.asMap());
    for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
      e.getValue().set(values.get(e.getKey()));
    }
    LOG.info("restored the parameter average of {}", checkpoint);
  }

  private static Path emaFile(Path checkpoint) throws IOException {
    Path file = checkpoint.resolve(EMA);
    if (!Files.isRegularFile(file)) {
      throw new IOException(checkpoint + " holds no parameter average (" + EMA + ")");
    }
    return file;
  }

  private static Map<String, float[]> readTensors(Path file, Map<String, NDArray> expected)
      throws IOException {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (Map.Entry<String, NDArray> e : expected.entrySet()) {
        if (f.find(e.getKey()).isEmpty()) {
          throw new IllegalArgumentException(file + " lacks tensor " + e.getKey());
        }
        Tensor t = f.tensor(e.getKey());
        long[] want = e.getValue().getShape().getShape();
        if (!Arrays.equals(t.shape(), want)) {
          throw new IllegalArgumentException(
              file + ": tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape())
                  + ", expected " + Arrays.toString(want));
        }
        out.put(e.getKey(), t.toFloatArray());
      }
    }
    return out;
  }

  private static void writeTensors(Path file, Map<String, NDArray> arrays) throws IOException {
    writeTensors(file, arrays, Map.of());
  }

  private static void writeTensors(Path file, Map<String, NDArray> arrays,
      Map<String, String> metadata) throws IOException {
    SafetensorsWriter w = SafetensorsWriter.to(file).metadata("format", "pt");
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(metadata).entrySet()) {
      w.metadata(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      NDArray a = e.getValue();
      w.add(e.getKey(), a.getShape().getShape(), a.toFloatArray());
    }
    w.write();
  }

  private static String stateJson(TrainingState s) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode n = mapper.createObjectNode();
    n.put("format_version", FORMAT_VERSION);
    n.put("global_step", s.globalStep());
    n.put("stage_index", s.stageIndex());
    n.put("stage_name", s.stageName());
    n.put("stage_step", s.stageStep());
    n.put("optimizer_step", s.optimizerStep());
    n.put("rng_state", s.rngState());
    n.put("data_cursor", s.dataCursor());
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
  }

  private void prune() throws IOException {
    List<Path> all = list();
    for (int i = 0; i < all.size() - keepLast; i++) {
      deleteTree(all.get(i));
      LOG.debug("removed old checkpoint {}", all.get(i));
    }
  }

  private void removeLeftovers() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().startsWith(".tmp-step-")) {
          deleteTree(p);
        }
      }
    }
  }

  private static long stepOf(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException("not a checkpoint name: " + p);
    }
    return Long.parseLong(m.group(1));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
