package io.github.tttvideo.models.baselines;

import io.github.tttvideo.api.Models;
import io.github.tttvideo.core.render.EmbeddedModelSource;
import io.github.tttvideo.models.internal.ModelResourceCache;
import io.github.tttvideo.models.internal.ToonCacheRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Provides the toon model's sequence-mixer baselines of issue #7 ({@link Models#TOON_BASELINES}:
 * {@code toon-local}, {@code toon-sliding}, {@code toon-ttt-linear}, {@code toon-ttt-mlp}, {@code
 * toon-full}) by name. Each ships as class-path resources under {@code
 * io/github/tttvideo/models/NAME/} ({@code config.json}, {@code model.safetensors} in F16, {@code
 * vocab.json}; written by {@link ShipBaselineMain}) and is unpacked like the embedded toon model
 * into {@code ~/.cache/ttt-video/models/NAME-HASH/} (or under {@code -Dttt.model.cache}).
 *
 * <p>Registered in {@code META-INF/services/io.github.tttvideo.core.render.EmbeddedModelSource}:
 * with {@code io.github.tttvideo:ttt-models-baselines} on the class path,
 *
 * <pre>{@code
 * VideoStory.builder().model(Models.toon("sliding")).scene(...).build()
 *     .render(Path.of("sliding.mp4"), ProgressListener.console());
 * }</pre>
 *
 * <p>renders with the sliding-window baseline ({@code ttt-video render --model toon-sliding} on
 * the command line). A name whose resources this build does not hold gives empty, and rendering
 * then says which artifact ships it.
 *
 * @since 0.1.0
 */
public final class BaselineModelSource implements EmbeddedModelSource {

  /** The class-path folder of all models; a baseline's files are in {@code ROOT + NAME + "/"}. */
  public static final String RESOURCE_ROOT = "io/github/tttvideo/models/";

  /** The files of a model directory, in hash order; absent ones are skipped. */
  static final List<String> FILES =
      List.of("config.json", "model.safetensors", "model.safetensors.index.json", "vocab.json");

  /** Folders found in this process, per name and cache root. */
  private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

  private final ClassLoader loader;
  private final Supplier<Path> root;
  private final boolean remember;

  /** The source of the shipped baselines, as {@link java.util.ServiceLoader} creates it. */
  public BaselineModelSource() {
    this(BaselineModelSource.class.getClassLoader(), ToonCacheRoot::current, true);
  }

  /**
   * A source over other resources and another cache root (tests).
   *
   * @param loader where the resources are
   * @param root the cache root, read at every {@link #find}
   * @param remember whether to remember the folders for this process
   */
  BaselineModelSource(ClassLoader loader, Supplier<Path> root, boolean remember) {
    this.loader = loader;
    this.root = root;
    this.remember = remember;
  }

  /**
   * The baselines whose resources are on the class path of this module.
   *
   * @return their names, a subset of {@link Models#TOON_BASELINES}
   */
  public static List<String> shipped() {
    ClassLoader l = BaselineModelSource.class.getClassLoader();
    return Models.TOON_BASELINES.stream()
        .filter(n -> l.getResource(RESOURCE_ROOT + n + "/config.json") != null).toList();
  }

  @Override
  public Optional<Path> find(String name) {
    if (!Models.isToonBaseline(name)) {
      return Optional.empty();
    }
    String key = name.strip().toLowerCase(Locale.ROOT);
    Path r = root.get().toAbsolutePath().normalize();
    String memo = key + "@" + r;
    if (remember) {
      Path known = FOUND.get(memo);
      if (known != null && java.nio.file.Files.isDirectory(known)) {
        return Optional.of(known);
      }
    }
    Optional<Path> dir = new ModelResourceCache(loader, RESOURCE_ROOT + key + "/", key, FILES,
        "config.json").unpack(r);
    if (remember) {
      dir.ifPresent(d -> FOUND.put(memo, d));
    }
    return dir;
  }
}
