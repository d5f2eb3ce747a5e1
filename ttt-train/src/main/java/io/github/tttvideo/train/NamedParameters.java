package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The parameters of a model, by name, in a fixed order, each with a trainable flag.
 *
 * <p>A trainable parameter has {@link NDArray#setRequiresGradient(boolean)} set, so autograd
 * computes its gradient; a frozen one has not. The order of {@link #names()} is the order of
 * registration, which fixes the order of checkpoints and of the global gradient norm's sum.
 *
 * <pre>{@code
 * NamedParameters p = new NamedParameters();
 * p.add("blocks.0.attn.wq.weight", wq);
 * p.select(ParameterSelection.qkvo());   // trainable = names that match
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NamedParameters {
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Set<String> trainable = new LinkedHashSet<>();

  /**
   * Registers a parameter, trainable.
   *
   * @param name a unique name
   * @param array its values; float32
   * @return this
   */
  public NamedParameters add(String name, NDArray array) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(array, "array");
    if (params.containsKey(name)) {
      throw new IllegalArgumentException("parameter " + name + " was already added");
    }
    params.put(name, array);
    trainable.add(name);
    array.setRequiresGradient(true);
    return this;
  }

  /**
   * The parameter of a name.
   *
   * @param name the name
   * @return the array
   * @throws IllegalArgumentException if there is none
   */
  public NDArray get(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return a;
  }

  /** {@return all names, in registration order} */
  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(params.keySet()));
  }

  /** {@return the trainable names, in registration order} */
  public List<String> trainableNames() {
    List<String> out = new ArrayList<>();
    for (String n : params.keySet()) {
      if (trainable.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** {@return the number of parameters} */
  public int size() {
    return params.size();
  }

  /**
   * Whether a parameter is trained.
   *
   * @param name the name
   * @return the flag
   */
  public boolean isTrainable(String name) {
    get(name);
    return trainable.contains(name);
  }

  /**
   * Makes exactly the selected parameters trainable and freezes the others.
   *
   * @param selection names to train
   * @return this
   */
  public NamedParameters select(Predicate<String> selection) {
    trainable.clear();
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      boolean on = selection.test(e.getKey());
      if (on) {
        trainable.add(e.getKey());
      }
      e.getValue().setRequiresGradient(on);
    }
    return this;
  }

  /** {@return the total number of scalar values of the trainable parameters} */
  public long trainableElements() {
    long n = 0;
    for (String name : trainable) {
      n += params.get(name).size();
    }
    return n;
  }

  /** {@return a read-only view of name -> array, in order} */
  public Map<String, NDArray> asMap() {
    return Collections.unmodifiableMap(params);
  }
}
