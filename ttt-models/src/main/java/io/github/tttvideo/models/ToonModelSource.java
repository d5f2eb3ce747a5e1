package io.github.tttvideo.models;

import io.github.tttvideo.api.ModelReference;
import io.github.tttvideo.core.render.EmbeddedModelSource;
import io.github.tttvideo.models.internal.ModelResourceCache;
import io.github.tttvideo.models.internal.ToonCacheRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Provides the embedded {@code toon} model: its {@code config.json}, {@code model.safetensors} and
 * {@code vocab.json} ship as class-path resources under {@value #RESOURCE_DIR}, and the first
 * render unpacks them into {@code ~/.cache/ttt-video/models/toon-HASH/} (or under the folder named
 * by the system property {@code ttt.model.cache}), where later renders find them again.
 *
 * <p>Registered in {@code META-INF/services/io.github.tttvideo.core.render.EmbeddedModelSource},
 * so putting {@code io.github.tttvideo:ttt-models} on the class path is all it takes for
 * {@code Models.toon()} (the default of every story) to render:
 *
 * <pre>{@code
 * VideoStory.builder().model(Models.toon()).scene(...).build()
 *     .render(Path.of("out.mp4"), ProgressListener.console());
 * }</pre>
 *
 * <p>HASH is a SHA-256 prefix of the shipped files, so an updated model never reuses an older
 * folder; the folder is written atomically (a temporary folder renamed into place), is safe when
 * several processes start at once, and is checked against the hashes before it is used. If the
 * resources are not on the class path, {@link #find} returns empty and rendering explains that
 * the model is not available.
 *
 * @since 0.1.0
 */
public final class ToonModelSource implements EmbeddedModelSource {
  /** The model name this source answers to. */
  public static final String NAME = ModelReference.DEFAULT_NAME;

  /** The class-path folder of the model files. */
  public static final String RESOURCE_DIR = "io/github/tttvideo/models/toon/";

  /** The files of a model directory, in hash order; absent ones are skipped. */
  static final List<String> FILES =
      List.of("config.json", "model.safetensors", "model.safetensors.index.json", "vocab.json");

  /** Folders found in this process, per cache root, so the files are hashed once per process. */
  private static final Map<Path, Path> FOUND = new ConcurrentHashMap<>();

  private final ModelResourceCache cache;
  private final Supplier<Path> root;
  private final boolean remember;

  /** The source of the shipped model, as {@link java.util.ServiceLoader} creates it. */
  public ToonModelSource() {
    this(ToonModelSource.class.getClassLoader(), RESOURCE_DIR, ToonCacheRoot::current, true);
  }

  /**
   * A source over other resources and another cache root (tests).
   *
   * @param loader where the resources are
   * @param resourceDir their folder
   * @param root the cache root, read at every {@link #find}
   * @param remember whether to remember the folder for this process
   */
  ToonModelSource(ClassLoader loader, String resourceDir, Supplier<Path> root, boolean remember) {
    this.cache = new ModelResourceCache(loader, resourceDir, NAME, FILES, "config.json");
    this.root = root;
    this.remember = remember;
  }

  /**
   * Whether the model's resources are on the class path of this module.
   *
   * @return true if {@code config.json} is there
   */
  public static boolean isShipped() {
    return ToonModelSource.class.getClassLoader().getResource(RESOURCE_DIR + "config.json") != null;
  }

  @Override
  public Optional<Path> find(String name) {
    if (name == null || !NAME.equals(name.strip().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    Path r = root.get().toAbsolutePath().normalize();
    if (remember) {
      Path known = FOUND.get(r);
      if (known != null && Files.isDirectory(known)) {
        return Optional.of(known);
      }
    }
    Optional<Path> dir = cache.unpack(r);
    if (remember) {
      dir.ifPresent(d -> FOUND.put(r, d));
    }
    return dir;
  }
}
