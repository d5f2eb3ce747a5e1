package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's parameters, the weights diffusion models are
 * usually sampled with: after each optimizer update, {@code ema <- ema + (1 - d) (p - ema)} with
 * {@code d = min(decay, (1 + n) / (10 + n))}, n the number of updates averaged so far (the
 * warm-up keeps the first updates from being swamped by the starting weights).
 *
 * <p>Holds one float32 copy per parameter in its own manager; {@link #close()} frees them. Not
 * thread-safe; the {@link Trainer} updates it after every applied step (a skipped step is not
 * averaged) and saves it with each checkpoint ({@link Checkpoint#EMA}).
 *
 * <pre>{@code
 * try (EmaWeights ema = new EmaWeights(params, 0.999)) {
 *   opt.step();
 *   ema.update(params);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class EmaWeights implements AutoCloseable {
  private final NDManager manager;
  private final double decay;
  private final Map<String, NDArray> averages = new LinkedHashMap<>();
  private long updates;

  /**
   * Starts an average at the parameters' current values.
   *
   * @param params the parameters to follow
   * @param decay the largest decay, in (0, 1); 0.999 averages over about the last 1000 updates
   */
  public EmaWeights(NamedParameters params, double decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
    }
    this.decay = decay;
    this.manager = NDManager.newBaseManager();
    for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
      NDArray p = e.getValue();
      // a copy PyTorch owns (duplicate), never a view of the parameter
      NDArray copy = manager.create(p.toFloatArray(), p.getShape());
      averages.put(e.getKey(), copy);
    }
  }

  /** {@return the largest decay} */
  public double decay() {
    return decay;
  }

  /** {@return how many updates have been averaged} */
  public long updates() {
    return updates;
  }

  /**
   * The decay the next update will use.
   *
   * @return {@code min(decay, (1 + n) / (10 + n))}
   */
  public double nextDecay() {
    return Math.min(decay, (1.0 + updates) / (10.0 + updates));
  }

  /**
   * Averages in the parameters' current values.
   *
   * @param params the same parameters (names and shapes) the average was started with
   * @throws IllegalArgumentException if a parameter is missing or has another shape
   */
  public void update(NamedParameters params) {
    float rate = (float) (1.0 - nextDecay());
    for (Map.Entry<String, NDArray> e : averages.entrySet()) {
      NDArray p = params.asMap().get(e.getKey());
      NDArray avg = e.getValue();
      if (p == null || !p.getShape().equals(avg.getShape())) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " is missing or has shape "
            + (p == null ? "none" : p.getShape()) + ", the average " + avg.getShape());
      }
      // no gradient is recorded: the trainer calls this outside any gradient collector
      try (NDArray detached = p.stopGradient();
          NDArray delta = detached.sub(avg)) { // [same shape as p]
        delta.muli(rate);
        avg.addi(delta);
      }
    }
    updates++;
  }

  /** {@return the averages by parameter name (live arrays; do not close them)} */
  public Map<String, NDArray> arrays() {
    return Collections.unmodifiableMap(averages);
  }

  /**
   * Replaces the averages, as read back from a checkpoint.
   *
   * @param values one array per parameter, same sizes
   * @param updatesSoFar how many updates they average
   * @throws IllegalArgumentException if a value is missing or has another size
   */
  public void restore(Map<String, float[]> values, long updatesSoFar) {
    if (updatesSoFar < 0) {
      throw new IllegalArgumentException("updates must be >= 0, got " + updatesSoFar);
    }
    for (Map.Entry<String, NDArray> e : averages.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null || v.length != e.getValue().size()) {
        throw new IllegalArgumentException("EMA value of " + e.getKey() + " is missing or has "
            + (v == null ? 0 : v.length) + " values, expected " + e.getValue().size());
      }
      e.getValue().set(v);
    }
    this.updates = updatesSoFar;
  }

  /** Frees the averages. */
  @Override
  public void close() {
    manager.close();
  }
}
