package io.github.tttvideo.core.spi;

import io.github.tttvideo.api.BackendUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses one provider among those {@link ServiceLoader} finds: a pinned name wins; otherwise the
 * highest rank; a tie at the top, no provider, or a pinned name that is absent gives a {@link
 * BackendUnavailableException} that names what was found and what to add or pin.
 *
 * <p>A provider that fails to instantiate is logged and skipped (like SLF4J's {@code
 * safelyInstantiate}); its failure is named in the error if nothing else is left.
 *
 * @param <T> the provider type
 * @since 0.1.0
 */
public final class Discovery<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

  private final String kind;
  private final String property;
  private final String artifact;
  private final ToIntFunction<T> rank;
  private final Function<T, String> name;

  /**
   * Describes one kind of provider.
   *
   * @param kind what it is, for messages ("backend", "codec")
   * @param property the system property that pins one ({@code ttt.backend})
   * @param artifact the artifact to add when none is found ({@code io.github.tttvideo:backend-djl})
   * @param name a provider's name
   * @param rank a provider's rank
   */
  public Discovery(String kind, String property, String artifact,
      Function<T, String> name, ToIntFunction<T> rank) {
    this.kind = kind;
    this.property = property;
    this.artifact = artifact;
    this.name = name;
    this.rank = rank;
  }

  /** Providers found, and the failures of those that could not be instantiated. */
  public record Found<T>(List<T> providers, List<String> failures) {}

  /**
   * Instantiates every provider of a type, skipping (and logging) those that fail.
   *
   * @param type the service type
   * @param loader the class loader to search
   * @param <T> the service type
   * @return the providers and the failures
   */
  public static <T> Found<T> load(Class<T> type, ClassLoader loader) {
    List<T> out = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Iterator<T> it = ServiceLoader.load(type, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        out.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.warn("skipping a {} that failed to load: {}", type.getSimpleName(), e.toString());
        failures.add(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    return new Found<>(Collections.unmodifiableList(out), Collections.unmodifiableList(failures));
  }

  /**
   * Chooses a provider.
   *
   * @param found the candidates
   * @param pinned a name asked for explicitly, or null; when null, the system property is read
   * @return the chosen provider
   * @throws BackendUnavailableException if none, a tie, or the pinned name is absent
   */
  public T choose(Found<T> found, String pinned) {
    String pin = pinned != null && !pinned.isBlank() ? pinned.strip() : System.getProperty(property);
    if (pin != null && pin.isBlank()) {
      pin = null;
    }
    List<T> candidates = found.providers();
    if (candidates.isEmpty()) {
      throw new BackendUnavailableException("no " + kind + " found on the class path"
          + failuresText(found) + "; add " + artifact);
    }
    if (pin != null) {
      String want = pin.toLowerCase(Locale.ROOT);
      for (T c : candidates) {
        if (name.apply(c).toLowerCase(Locale.ROOT).equals(want)) {
          return c;
        }
      }
      throw new BackendUnavailableException(kind + " \"" + pin + "\" is not on the class path;"
          + " available: " + names(candidates) + failuresText(found));
    }
    List<T> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingInt(rank).reversed());
    int top = rank.applyAsInt(sorted.get(0));
    List<T> best = sorted.stream().filter(c -> rank.applyAsInt(c) == top).toList();
    if (best.size() > 1) {
      throw new BackendUnavailableException("several " + kind + "s of equal rank " + top
          + " found: " + names(best) + "; pick one with -D" + property + "=NAME or the options");
    }
    return best.get(0);
  }

  /**
   * The names of some providers, comma-separated.
   *
   * @param providers the providers
   * @return the names
   */
  public String names(List<T> providers) {
    return providers.stream().map(name).collect(Collectors.joining(", "));
  }

  private static String failuresText(Found<?> found) {
    return found.failures().isEmpty() ? ""
        : " (failed to load: " + String.join("; ", found.failures()) + ")";
  }
}
