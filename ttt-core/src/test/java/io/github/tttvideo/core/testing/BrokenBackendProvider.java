package io.github.tttvideo.core.testing;

import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;

/** A registered backend that cannot even be instantiated: discovery must skip it. */
public final class BrokenBackendProvider implements BackendProvider {

  /** Always fails, as a provider with missing natives would. */
  public BrokenBackendProvider() {
    throw new IllegalStateException("broken on purpose (test provider)");
  }

  @Override
  public String name() {
    return "broken";
  }

  @Override
  public VideoModel load(Path modelDirectory, BackendOptions options) {
    throw new UnsupportedOperationException();
  }
}
