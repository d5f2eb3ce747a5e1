package io.github.tttvideo.models.internal;

import java.nio.file.Path;

/** Where embedded models are unpacked: {@code -Dttt.model.cache}, else the user's cache. */
public final class ToonCacheRoot {
  /** The system property naming the cache root. */
  public static final String PROPERTY = "ttt.model.cache";

  private ToonCacheRoot() {}

  /**
   * The cache root, read now (so a property set later is honoured).
   *
   * @return {@code -Dttt.model.cache}, else {@code ${user.home}/.cache/ttt-video/models}
   */
  public static Path current() {
    String p = System.getProperty(PROPERTY);
    if (p != null && !p.isBlank()) {
      return Path.of(p.strip());
    }
    return Path.of(System.getProperty("user.home"), ".cache", "ttt-video", "models");
  }
}
