package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.core.sampling.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's training loss (section 7.1): timesteps uniform in [0, 1000), stratified over the
 * batch; {@code x_t = a x0 + sqrt(1-a^2) eps} with {@code a} from the zero-terminal-SNR table;
 * loss = mean over all elements of {@code (v_hat - v)^2} with {@code v = a eps - sqrt(1-a^2) x0};
 * text dropout: each example's text is dropped with probability {@link #REFERENCE_TEXT_DROPOUT}.
 *
 * <p>Stratification: example b of a batch of B draws {@code t = floor((b + u) * 1000 / B)} with
 * u uniform in [0, 1), so every batch covers the whole range (the reference stratifies over ranks).
 *
 * <p>A timestep shift {@code s} (default 1: none, the reference) moves the draws towards high
 * noise without changing the schedule or the sampler: the stratified rank {@code r = (b + u) / B}
 * becomes {@code r' = s r / (1 + (s - 1) r)} and {@code t = floor(1000 r')} (the shift of Esser
 * et al. 2024, applied to where the loss is sampled). With {@code s = 3} half the draws fall at
 * {@code t >= 750}, where a sample's layout (the room, the characters' colours) is settled.
 *
 * <p>Call {@link #loss} inside a gradient collector; the random draws (timesteps, dropout, then
 * noise, in that order) come from the given {@link TrainRandom} only.
 *
 * <pre>{@code
 * try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *   DiffusionObjective.Result r = objective.loss(model, x0, texts, rng);
 *   gc.backward(r.loss());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DiffusionObjective {
  /** The reference's text dropout. */
  public static final double REFERENCE_TEXT_DROPOUT = 0.1;

  private static final double[] ALPHA = NoiseSchedule.zeroSnrTable();

  private final double textDropout;
  private final double timestepShift;

  /**
   * The loss of one batch.
   *
   * @param loss the scalar loss (recorded)
   * @param timesteps the timestep of each example
   * @param textDropped whether each example's text was dropped
   */
  public record Result(NDArray loss, int[] timesteps, boolean[] textDropped) {}

  /** The reference objective (text dropout 0.1). */
  public DiffusionObjective() {
    this(REFERENCE_TEXT_DROPOUT);
  }

  /**
   * An objective with another text dropout.
   *
   * @param textDropout probability in [0, 1]
   */
  public DiffusionObjective(double textDropout) {
    this(textDropout, 1.0);
  }

  /**
   * An objective with another text dropout and a timestep shift.
   *
   * @param textDropout probability in [0, 1]
   * @param timestepShift the shift s in [1, 100] (1: uniform timesteps, the reference)
   */
  public DiffusionObjective(double textDropout, double timestepShift) {
    if (!(textDropout >= 0 && textDropout <= 1)) {
      throw new IllegalArgumentException("textDropout must be in [0, 1], got " + textDropout);
    }
    checkShift(timestepShift);
    this.textDropout = textDropout;
    this.timestepShift = timestepShift;
  }

  /** Refuses a timestep shift outside [1, 100] (NaN and infinities included). */
  static void checkShift(double s) {
    if (!(s >= 1 && s <= 100)) {
      throw new IllegalArgumentException("timestepShift must be in [1, 100], got " + s);
    }
  }

  /**
   * Stratified timesteps for a batch.
   *
   * @param batch the batch size
   * @param rng the source of randomness
   * @return one timestep in [0, 999] per example, example b in [1000 b / B, 1000 (b+1) / B)
   */
  public static int[] stratifiedTimesteps(int batch, TrainRandom rng) {
    return stratifiedTimesteps(batch, rng, 1.0);
  }

  /**
   * Stratified timesteps for a batch, shifted towards high noise.
   *
   * @param batch the batch size
   * @param rng the source of randomness (one draw per example, as without a shift)
   * @param shift the shift s in [1, 100]; 1 gives exactly {@link #stratifiedTimesteps(int,
   *     TrainRandom)}
   * @return one timestep in [0, 999] per example, example b in [1000 f(b / B), 1000 f((b+1) / B))
   *     with {@code f(r) = s r / (1 + (s - 1) r)}
   */
  public static int[] stratifiedTimesteps(int batch, TrainRandom rng, double shift) {
    checkShift(shift);
    int[] t = new int[batch];
    // without a shift the original arithmetic, so that earlier runs resume and reproduce exactly
    if (shift != 1.0) {
      for (int b = 0; b < batch; b++) {
        double r = (b + rng.nextDouble()) / batch;
        double shifted = shift * r / (1 + (shift - 1) * r);
        t[b] = Math.min(NoiseSchedule.TRAINING_STEPS - 1,
            (int) Math.floor(shifted * NoiseSchedule.TRAINING_STEPS));
      }
      return t;
    }
    for (int b = 0; b < batch; b++) {
      double u = rng.nextDouble();
      t[b] = Math.min(NoiseSchedule.TRAINING_STEPS - 1,
          (int) Math.floor((b + u) * NoiseSchedule.TRAINING_STEPS / batch));
    }
    return t;
  }

  /**
   * Builds the loss of a batch.
   *
   * @param model the v-prediction network
   * @param x0 clean latents [B, ...] float32
   * @param texts per example, per segment prompts
   * @param rng timesteps, dropout and noise are drawn from it
   * @return the loss and what was drawn
   */
  public Result loss(VPredictor model, NDArray x0, List<List<String>> texts, TrainRandom rng) {
    return loss(model, x0, null, texts, rng);
  }

  /**
   * Builds the loss of a batch with per-position weights: {@code sum(w (v - v^)^2) / sum(w)}
   * over the positions (the weights broadcast to the latents), which is the plain mean when every
   * weight is equal. Draws exactly what {@link #loss(VPredictor, NDArray, List, TrainRandom)}
   * draws.
   *
   * @param model the v-prediction network
   * @param x0 clean latents [B, ...] float32
   * @param weights non-negative weights broadcastable to x0 (same rank), or null for the mean
   * @param texts per example, per segment prompts
   * @param rng timesteps, dropout and noise are drawn from it
   * @return the loss and what was drawn
   */
  public Result loss(VPredictor model, NDArray x0, NDArray weights, List<List<String>> texts,
      TrainRandom rng) {
    Shape shape = x0.getShape();
    int batch = (int) shape.get(0);
    if (texts.size() != batch) {
      throw new IllegalArgumentException(
          "x0 has " + batch + " examples but texts " + texts.size());
    }
    int[] t = stratifiedTimesteps(batch, rng, timestepShift);
    boolean[] dropped = new boolean[batch];
    List<Boolean> droppedList = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      dropped[b] = rng.nextDouble() < textDropout;
      droppedList.add(dropped[b]);
    }
    float[] noise = rng.fillGaussian(new float[Math.toIntExact(x0.size())]);

    NDManager mgr = x0.getManager();
    float[] a = new float[batch];
    float[] sigma = new float[batch];
    float[] tf = new float[batch];
    for (int b = 0; b < batch; b++) {
      double ab = ALPHA[t[b]];
      a[b] = (float) ab;
      sigma[b] = (float) Math.sqrt(Math.max(0.0, 1 - ab * ab));
      tf[b] = t[b];
    }
    long[] bshape = new long[shape.dimension()];
    java.util.Arrays.fill(bshape, 1);
    bshape[0] = batch;
    NDArray aArr = mgr.create(a, new Shape(bshape)); // [B, 1, ..., 1]
    NDArray sArr = mgr.create(sigma, new Shape(bshape)); // [B, 1, ..., 1]
    NDArray eps = mgr.create(noise, shape);
    NDArray clean = x0.stopGradient();
    NDArray noisy = clean.mul(aArr).add(eps.mul(sArr));
    NDArray target = eps.mul(aArr).sub(clean.mul(sArr));
    NDArray v = model.predictV(noisy, new TextBatch(texts, droppedList), mgr.create(tf));
    if (!v.getShape().equals(shape)) {
      throw new IllegalStateException(
          "model returned v of shape " + v.getShape() + ", expected " + shape);
    }
    NDArray se = v.sub(target).square();
    NDArray loss;
    if (weights == null) {
      loss = se.mean();
    } else {
      if (weights.getShape().dimension() != shape.dimension()) {
        throw new IllegalArgumentException("weights of shape " + weights.getShape()
            + " do not broadcast to latents of shape " + shape);
      }
      NDArray w = weights.stopGradient().broadcast(shape); // [B, ...] like x0
      loss = se.mul(w).sum().div(w.sum());
    }
    return new Result(loss, t, dropped);
  }
}
