package io.github.tttvideo.core.weights;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tensors a model expects, by name and shape, and the check of a checkpoint against them.
 *
 * <pre>{@code
 * TensorSpecs specs = TensorSpecs.builder()
 *     .add("blocks.0.attn.wq.weight", 128, 128)
 *     .add("blocks.0.attn.wq.bias", 128)
 *     .build();                                 // strict: unexpected tensors are an error
 * Map<String, float[]> weights = specs.load(store);
 * }</pre>
 *
 * <p>{@link #check} names the first mismatch: expected tensors are checked in the order they were
 * added (missing or wrong shape), then the checkpoint's other tensors (unexpected, unless the specs
 * ignore them).
 *
 * @since 0.1.0
 */
public final class TensorSpecs {

  private final Map<String, long[]> shapes;
  private final boolean ignoreUnexpected;

  private TensorSpecs(Map<String, long[]> shapes, boolean ignoreUnexpected) {
    this.shapes = shapes;
    this.ignoreUnexpected = ignoreUnexpected;
  }

  /**
   * Starts an empty, strict set of specs.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The expected shapes.
   *
   * @return tensor name to shape, in the order added (copies of the shapes)
   */
  public Map<String, long[]> shapes() {
    Map<String, long[]> copy = new LinkedHashMap<>();
    shapes.forEach((k, v) -> copy.put(k, v.clone()));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Whether tensors the specs do not name are accepted.
   *
   * @return true if they are ignored, false if they are an error
   */
  public boolean ignoresUnexpected() {
    return ignoreUnexpected;
  }

  /**
   * Checks every expected key and shape against a checkpoint.
   *
   * @param store the checkpoint
   * @throws WeightMismatchException naming the first missing tensor, wrong shape or (when strict)
   *     unexpected tensor
   */
  public void check(WeightStore store) {
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      String name = e.getKey();
      Optional<TensorInfo> found = store.find(name);
      if (found.isEmpty()) {
        throw new WeightMismatchException(
            name, "tensor " + name + ": missing from " + store.location());
      }
      long[] actual = found.get().shape();
      if (!Arrays.equals(e.getValue(), actual)) {
        throw new WeightMismatchException(
            name,
            "tensor "
                + name
                + ": expected "
                + TensorInfo.shapeString(e.getValue())
                + ", found "
                + TensorInfo.shapeString(actual));
      }
    }
    if (!ignoreUnexpected) {
      for (TensorInfo t : store.tensors()) {
        if (!shapes.containsKey(t.name())) {
          throw new WeightMismatchException(
              t.name(),
              "tensor "
                  + t.name()
                  + ": unexpected, the model has no such tensor (in "
                  + store.fileOf(t.name())
                  + ")");
        }
      }
    }
  }

  /**
   * Checks a checkpoint, then reads every expected tensor as float32.
   *
   * @param store the checkpoint
   * @return tensor name to values, in the order the specs were added
   * @throws WeightMismatchException if the check fails
   * @throws InvalidWeightsException if a tensor cannot be read as float
   */
  public Map<String, float[]> load(WeightStore store) {
    check(store);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String name : shapes.keySet()) {
      out.put(name, store.tensor(name).toFloatArray());
    }
    return Collections.unmodifiableMap(out);
  }

  /** Collects expected tensors; strict unless told otherwise. */
  public static final class Builder {
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private boolean ignoreUnexpected;

    private Builder() {}

    /**
     * Adds an expected tensor.
     *
     * @param name the tensor's name
     * @param shape its dimensions, outermost first (none for a scalar)
     * @return this builder
     * @throws IllegalArgumentException if the name was already added or a dimension is negative
     */
    public Builder add(String name, long... shape) {
      Objects.requireNonNull(name, "name");
      for (long d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "tensor " + name + ": negative dimension in " + Arrays.toString(shape));
        }
      }
      if (shapes.putIfAbsent(name, shape.clone()) != null) {
        throw new IllegalArgumentException("tensor " + name + " was already added");
      }
      return this;
    }

    /**
     * Adds expected tensors.
     *
     * @param specs tensor name to shape
     * @return this builder
     */
    public Builder addAll(Map<String, long[]> specs) {
      specs.forEach(this::add);
      return this;
    }

    /**
     * Whether tensors the specs do not name are accepted (default false: they are an error).
     *
     * @param ignore true to ignore them
     * @return this builder
     */
    public Builder ignoreUnexpected(boolean ignore) {
      this.ignoreUnexpected = ignore;
      return this;
    }

    /**
     * Builds the specs.
     *
     * @return the specs
     */
    public TensorSpecs build() {
      return new TensorSpecs(new LinkedHashMap<>(shapes), ignoreUnexpected);
    }
  }
}
