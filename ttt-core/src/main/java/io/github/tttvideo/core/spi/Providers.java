package io.github.tttvideo.core.spi;

import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.CodecProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the backend and the codec of a render on the class path.
 *
 * <ul>
 *   <li>Backends: a name given in {@code RenderOptions.backend(..)}, else the system property
 *       {@value #BACKEND_PROPERTY}, pins one; otherwise the highest {@link BackendProvider#rank()}
 *       among those whose {@link BackendProvider#unavailableReason()} is empty.
 *   <li>Codecs: among those that write the format, a name given, else {@value #CODEC_PROPERTY},
 *       pins one; otherwise the highest rank.
 * </ul>
 *
 * <pre>{@code
 * BackendProvider backend = Providers.backend(null);        // or "djl"
 * CodecProvider codec = Providers.codec(OutputFormat.MP4, null);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Providers {

  /** System property that pins a backend by name. */
  public static final String BACKEND_PROPERTY = "ttt.backend";
  /** System property that pins a codec by name. */
  public static final String CODEC_PROPERTY = "ttt.codec";
  /** Artifact to add when no backend is found. */
  public static final String BACKEND_ARTIFACT = "io.github.tttvideo:backend-djl";
  /** Artifact to add when no codec is found. */
  public static final String CODEC_ARTIFACT = "io.github.tttvideo:codec-javacv";

  private static final Discovery<BackendProvider> BACKENDS = new Discovery<>(
      "backend", BACKEND_PROPERTY, BACKEND_ARTIFACT, BackendProvider::name, BackendProvider::rank);

  private Providers() {}

  /**
   * The backends on the class path (those that fail to instantiate are logged and left out).
   *
   * @return the backends
   */
  public static List<BackendProvider> backends() {
    return Discovery.load(BackendProvider.class, loader()).providers();
  }

  /**
   * Chooses the backend.
   *
   * @param pinned a name, or null to read {@value #BACKEND_PROPERTY} or choose by rank
   * @return the backend
   * @throws BackendUnavailableException if none is there, the pinned one is absent or cannot run,
   *     or several tie
   */
  public static BackendProvider backend(String pinned) {
    return backend(Discovery.load(BackendProvider.class, loader()), pinned);
  }

  /**
   * Chooses among given backends (for tests and embedding).
   *
   * @param found the candidates
   * @param pinned a name, or null
   * @return the backend
   */
  public static BackendProvider backend(Discovery.Found<BackendProvider> found, String pinned) {
    boolean isPinned = (pinned != null && !pinned.isBlank())
        || (System.getProperty(BACKEND_PROPERTY) != null
            && !System.getProperty(BACKEND_PROPERTY).isBlank());
    if (isPinned) {
      BackendProvider chosen = BACKENDS.choose(found, pinned);
      Optional<String> why = chosen.unavailableReason();
      if (why.isPresent()) {
        throw new BackendUnavailableException(
            "backend " + chosen.name() + " cannot run here: " + why.get());
      }
      return chosen;
    }
    List<BackendProvider> usable = new ArrayList<>();
    List<String> failures = new ArrayList<>(found.failures());
    for (BackendProvider p : found.providers()) {
      Optional<String> why = p.unavailableReason();
      if (why.isPresent()) {
        failures.add(p.name() + " cannot run here: " + why.get());
      } else {
        usable.add(p);
      }
    }
    return BACKENDS.choose(new Discovery.Found<>(usable, failures), null);
  }

  /**
   * The codecs on the class path.
   *
   * @return the codecs
   */
  public static List<CodecProvider> codecs() {
    return Discovery.load(CodecProvider.class, loader()).providers();
  }

  /**
   * Chooses the codec for a format.
   *
   * @param format the format to write
   * @param pinned a name, or null to read {@value #CODEC_PROPERTY} or choose by rank
   * @return the codec
   * @throws BackendUnavailableException if none writes the format, the pinned one is absent, or
   *     several tie
   */
  public static CodecProvider codec(OutputFormat format, String pinned) {
    return codec(Discovery.load(CodecProvider.class, loader()), format, pinned);
  }

  /**
   * Chooses among given codecs (for tests and embedding).
   *
   * @param found the candidates
   * @param format the format to write
   * @param pinned a name, or null
   * @return the codec
   */
  public static CodecProvider codec(
      Discovery.Found<CodecProvider> found, OutputFormat format, String pinned) {
    List<CodecProvider> writers = found.providers().stream()
        .filter(c -> c.formats().contains(format)).toList();
    List<String> failures = new ArrayList<>(found.failures());
    for (CodecProvider c : found.providers()) {
      if (!writers.contains(c)) {
        failures.add(c.name() + " does not write " + format);
      }
    }
    Discovery<CodecProvider> codecs = new Discovery<>(format.extension() + " codec",
        CODEC_PROPERTY, CODEC_ARTIFACT, CodecProvider::name, CodecProvider::rank);
    return codecs.choose(new Discovery.Found<>(writers, failures), pinned);
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Providers.class.getClassLoader();
  }
}
