package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AdamW (decoupled weight decay, bias-corrected moments) in plain NDArray operations, with
 * parameter groups and global-norm gradient clipping; the update of PyTorch's {@code
 * torch.optim.AdamW}:
 *
 * <pre>{@code
 * g  = grad * min(1, maxNorm / (globalNorm + 1e-6))        (if clipping)
 * p -= lr * wd * p
 * m  = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 * p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * }</pre>
 *
 * <p>Updates are in place and run outside any gradient collector, so they are never recorded.
 * The state (m, v per parameter and the step count t) is what {@link Checkpoint} saves. The
 * reference's settings are {@link #REFERENCE_BETA1}, {@link #REFERENCE_BETA2}, {@link
 * #REFERENCE_EPS} and {@link #REFERENCE_WEIGHT_DECAY}; {@link #referenceGroups} builds its four
 * groups.
 *
 * <pre>{@code
 * AdamW opt = new AdamW(manager, params, AdamW.referenceGroups(params), 0.9, 0.95, 1e-8, 0.1);
 * opt.setLr(AdamW.GROUP_TTT, 1e-4);
 * opt.setLr(AdamW.GROUP_BASE, 1e-5);
 * float gradNorm = opt.step();   // after collector.backward(loss)
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AdamW implements AutoCloseable {
  /** Reference beta1. */
  public static final double REFERENCE_BETA1 = 0.9;
  /** Reference beta2. */
  public static final double REFERENCE_BETA2 = 0.95;
  /** Reference epsilon. */
  public static final double REFERENCE_EPS = 1e-8;
  /** Reference weight decay (for the groups that decay). */
  public static final double REFERENCE_WEIGHT_DECAY = 1e-4;
  /** Reference maximum global gradient norm. */
  public static final double REFERENCE_CLIP_NORM = 0.1;
  /** LR group of the TTT layers and gates (names containing "ttt" or "ssm"). */
  public static final String GROUP_TTT = "ttt";
  /** LR group of every other trainable parameter. */
  public static final String GROUP_BASE = "base";
  /** Substrings that exclude a parameter from weight decay. */
  public static final List<String> NO_DECAY_SUBSTRINGS = List.of("bias", "norm", "b1", "b2");
  /** Substrings that put a parameter into the TTT LR group. */
  public static final List<String> TTT_SUBSTRINGS = List.of("ttt", "ssm");

  /**
   * A parameter group: its parameters share a learning rate (set per step) and a weight decay.
   *
   * @param name the group's name; groups with the same {@code lrGroup} get the same rate
   * @param lrGroup the LR group ({@link #GROUP_TTT} or {@link #GROUP_BASE} in the reference)
   * @param weightDecay decoupled weight decay
   * @param params the names of its parameters
   */
  public record Group(String name, String lrGroup, double weightDecay, List<String> params) {
    /** Freezes the list. */
    public Group {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(lrGroup, "lrGroup");
      params = List.copyOf(params);
    }
  }

  private final NamedParameters params;
  private final List<Group> groups;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double clipNorm;
  private final NDManager manager;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private final Map<String, Double> lr = new LinkedHashMap<>();
  private long step;

  /**
   * Creates an optimizer with zero moments.
   *
   * @param parent the manager under which the state is allocated (a sub-manager is used)
   * @param params the parameters; only those named in groups are updated
   * @param groups disjoint groups
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @param eps denominator epsilon
   * @param clipNorm maximum global gradient norm; <= 0 disables clipping
   */
  public AdamW(
      NDManager parent,
      NamedParameters params,
      List<Group> groups,
      double beta1,
      double beta2,
      double eps,
      double clipNorm) {
    this.params = params;
    this.groups = List.copyOf(groups);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.clipNorm = clipNorm;
    this.manager = parent.newSubManager();
    for (Group g : this.groups) {
      lr.putIfAbsent(g.lrGroup(), 0.0);
      for (String name : g.params()) {
        if (m.containsKey(name)) {
          throw new IllegalArgumentException("parameter " + name + " is in two groups");
        }
        NDArray p = params.get(name);
        m.put(name, manager.zeros(p.getShape(), p.getDataType()));
        v.put(name, manager.zeros(p.getShape(), p.getDataType()));
      }
    }
  }

  /**
   * The reference's groups over the trainable parameters: TTT vs base LR group, each split into
   * decayed ({@link #REFERENCE_WEIGHT_DECAY}) and not decayed (names containing any of {@link
   * #NO_DECAY_SUBSTRINGS}). Empty groups are left out.
   *
   * @param params the parameters, with their trainable flags set
   * @return the groups, named "ttt/decay", "ttt/no_decay", "base/decay", "base/no_decay"
   */
  public static List<Group> referenceGroups(NamedParameters params) {
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    for (String lrGroup : List.of(GROUP_TTT, GROUP_BASE)) {
      byGroup.put(lrGroup + "/decay", new ArrayList<>());
      byGroup.put(lrGroup + "/no_decay", new ArrayList<>());
    }
    for (String name : params.trainableNames()) {
      String lrGroup = containsAny(name, TTT_SUBSTRINGS) ? GROUP_TTT : GROUP_BASE;
      String decay = containsAny(name, NO_DECAY_SUBSTRINGS) ? "/no_decay" : "/decay";
      byGroup.get(lrGroup + decay).add(name);
    }
    List<Group> out = new ArrayList<>();
    byGroup.forEach(
        (key, names) -> {
          if (!names.isEmpty()) {
            String lrGroup = key.substring(0, key.indexOf('/'));
            double wd = key.endsWith("/decay") ? REFERENCE_WEIGHT_DECAY : 0.0;
            out.add(new Group(key, lrGroup, wd, names));
          }
        });
    return out;
  }

  /**
   * The LR group a parameter belongs to under the reference's rule.
   *
   * @param name the parameter name
   * @return {@link #GROUP_TTT} or {@link #GROUP_BASE}
   */
  public static String lrGroupOf(String name) {
    return containsAny(name, TTT_SUBSTRINGS) ? GROUP_TTT : GROUP_BASE;
  }

  private static boolean containsAny(String name, List<String> parts) {
    for (String p : parts) {
      if (name.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sets the learning rate of an LR group.
   *
   * @param lrGroup the group
   * @param rate the rate
   */
  public void setLr(String lrGroup, double rate) {
    if (!lr.containsKey(lrGroup)) {
      throw new IllegalArgumentException("no LR group " + lrGroup + " (have " + lr.keySet() + ")");
    }
    lr.put(lrGroup, rate);
  }

  /** {@return the current rate of each LR group} */
  public Map<String, Double> lrs() {
    return Collections.unmodifiableMap(lr);
  }

  /** {@return the groups} */
  public List<Group> groups() {
    return groups;
  }

  /** {@return the number of updates done (t of the bias correction)} */
  public long stepCount() {
    return step;
  }

  /**
   * The global L2 norm of the gradients of all grouped parameters.
   *
   * @return the norm (0 if no parameter has a gradient)
   */
  public double gradientNorm() {
    double sq = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (String name : m.keySet()) {
        NDArray g = params.get(name).getGradient();
        // in float64: a float32 sum of squares overflows for large but finite gradients
        sq += g.toType(DataType.FLOAT64, false).square().sum().getDouble();
      }
    }
    return Math.sqrt(sq);
  }

  /**
   * Names the parameters whose gradient holds NaN or infinity, for the log of a skipped step.
   *
   * @return name -> "nan N, inf M, max finite |g| X" for each such parameter, in group order
   */
  public Map<String, String> nonFiniteGradients() {
    Map<String, String> out = new LinkedHashMap<>();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (String name : m.keySet()) {
        NDArray g = params.get(name).getGradient();
        NDArray nanMask = g.isNaN();
        NDArray infMask = g.isInfinite();
        long nan = nanMask.countNonzero().getLong();
        long inf = infMask.countNonzero().getLong();
        if (nan > 0 || inf > 0) {
          NDArray abs = g.abs();
          abs.set(nanMask.logicalOr(infMask), 0f); // NaN * 0 stays NaN: overwrite instead
          out.put(name, "nan " + nan + ", inf " + inf + ", max finite |g| " + abs.max().getFloat());
        }
      }
    }
    return out;
  }

  /**
   * One update of every grouped parameter from its gradient, then zeroes the gradients.
   *
   * @return the global gradient norm before clipping
   */
  public double step() {
    double norm = gradientNorm();
    double scale = 1.0;
    if (clipNorm > 0 && norm > clipNorm) {
      scale = clipNorm / (norm + 1e-6);
    }
    step++;
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Group group : groups) {
        double rate = lr.get(group.lrGroup());
        for (String name : group.params()) {
          NDArray p = params.get(name);
          NDArray g = p.getGradient();
          if (scale != 1.0) {
            g = g.mul((float) scale);
          }
          if (group.weightDecay() != 0) {
            p.muli((float) (1 - rate * group.weightDecay()));
          }
          NDArray mi = m.get(name);
          NDArray vi = v.get(name);
          mi.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
          vi.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
          NDArray denom = vi.sqrt().divi((float) bc2Sqrt).addi((float) eps);
          p.subi(mi.div(denom).muli((float) (rate / bc1)));
        }
      }
    }
    zeroGradients();
    return norm;
  }

  /** Sets the gradients of all grouped parameters to zero (autograd accumulates them). */
  public void zeroGradients() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (String name : m.keySet()) {
        NDArray g = params.get(name).getGradient();
        g.subi(g);
      }
    }
  }

  /**
   * Sets the gradients to zero also where they hold NaN or infinity ({@link #zeroGradients}
   * subtracts a gradient from itself, which leaves NaN in place and would poison every later
   * step).
   */
  public void resetGradients() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (String name : m.keySet()) {
        NDArray g = params.get(name).getGradient();
        g.set(g.isNaN().logicalOr(g.isInfinite()), 0f);
        g.subi(g);
      }
    }
  }

  /**
   * The moments, for checkpoints: {@code m.<param>} and {@code v.<param>}.
   *
   * @return name -> array, in group order (live arrays: copy before the next step)
   */
  public Map<String, NDArray> stateArrays() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    m.forEach((k, a) -> out.put("m." + k, a));
    v.forEach((k, a) -> out.put("v." + k, a));
    return out;
  }

  /**
   * Restores the state saved from {@link #stateArrays()} and {@link #stepCount()}.
   *
   * @param stepCount the saved step count
   * @param values name -> values, for every name of {@link #stateArrays()}
   * @throws IllegalArgumentException if a name is missing or has the wrong size
   */
  public void restore(long stepCount, Map<String, float[]> values) {
    for (Map.Entry<String, NDArray> e : stateArrays().entrySet()) {
      float[] data = values.get(e.getKey());
      if (data == null) {
        throw new IllegalArgumentException("optimizer state lacks " + e.getKey());
      }
      if (data.length != e.getValue().size()) {
        throw new IllegalArgumentException(
            "optimizer state "
                + e.getKey()
                + " has "
                + data.length
                + " values, expected "
                + e.getValue().size());
      }
      e.getValue().set(data);
    }
    this.step = stepCount;
  }

  /** Frees the moments. */
  @Override
  public void close() {
    manager.close();
  }
}
