package io.github.tttvideo.core.render;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.core.sampling.Sampler;
import java.util.Locale;

/**
 * The samplers a render can use.
 *
 * @since 0.1.0
 */
public enum SamplerKind {
  /** DPM-Solver++(2M) SDE, what the official TTT-Video code runs (the default). */
  DPM("dpm"),
  /** Deterministic v-prediction DDIM on the same timesteps. */
  DDIM("ddim");

  private final String id;

  SamplerKind(String id) {
    this.id = id;
  }

  /**
   * The short name ({@code dpm}, {@code ddim}).
   *
   * @return the name
   */
  public String id() {
    return id;
  }

  /**
   * Creates the sampler.
   *
   * @param steps N
   * @return the sampler
   */
  public Sampler create(int steps) {
    return this == DPM ? Sampler.dpmSolverPlusPlus2MSde(steps) : Sampler.ddim(steps);
  }

  /**
   * Parses a short name, case ignored.
   *
   * @param name {@code dpm} or {@code ddim}
   * @return the kind
   * @throws InvalidInputException for any other name
   */
  public static SamplerKind fromName(String name) {
    if (name != null) {
      for (SamplerKind k : values()) {
        if (k.id.equals(name.strip().toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
    }
    throw new InvalidInputException("sampler must be dpm or ddim, got " + name);
  }
}
