package io.github.tttvideo.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: staged context extension over toon clips with the reference's objective,
 * optimizer, schedules and text dropout; checkpoints, a CSV log and a loss plot in a run
 * directory; automatic resume; graceful stop.
 *
 * <p>Per step: a batch of {@code batchSize} clips of the stage's length is rendered from the
 * dataset cursor, encoded by the model (not recorded), the v-prediction loss is recorded and
 * back-propagated, AdamW updates the stage's trainable parameters (TTT group cosine from {@code
 * lr_ssm}, others linear from {@code lr}, global-norm clipping). Each stage starts from the
 * parameters the previous one ended with and a fresh optimizer (zero moments, step 0).
 *
 * <p>Run directory: {@code checkpoints/step-NNNNNNNNN/} (see {@link Checkpoint}), {@code
 * loss.csv} (see {@link TrainingLog}) and {@code loss.png} (see {@link LossPlot}). If checkpoints
 * exist, {@link #run()} resumes from the newest and continues bit-identically. A checkpoint is
 * written every {@code checkpointEvery} steps, at the end of each stage and when the run stops:
 * after the last stage, when the stop file appears, after {@code stopAfter} global steps, on
 * {@link #requestStop()}, or on SIGINT /
 * SIGTERM (a shutdown hook asks the loop to stop and waits for its checkpoint). With {@link
 * Builder#ema(double)} the run also keeps an exponential moving average of the parameters, saved
 * with each checkpoint ({@link EmaWeights}).
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, Path.of("runs/toy"))
 *     .stages(StagePlan.parseJson(Files.readString(Path.of("plan.json"))))
 *     .batchSize(1).checkpointEvery(100).build();
 * Trainer.Result result = trainer.run();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /**
   * How a run ended.
   *
   * @param globalStep updates done in total
   * @param stopped whether it stopped before the end of the plan
   * @param lastLoss the loss of the last step (NaN if none ran)
   * @param csv the training log
   * @param plot the loss plot
   * @param checkpoint the last checkpoint
   */
  public record Result(
      long globalStep, boolean stopped, double lastLoss, Path csv, Path plot, Path checkpoint) {}

  private final TrainableModel model;
  private final Path runDir;
  private final List<StagePlan> stages;
  private final ToonClipDataset dataset;
  private final BatchSource batchSource;
  private final int batchSize;
  private final double clipNorm;
  private final int checkpointEvery;
  private final int keepCheckpoints;
  private final long seed;
  private final DiffusionObjective objective;
  private final Path stopFile;
  private final int logEvery;
  private final boolean logScalePlot;
  private final boolean shutdownHook;
  private final long stopAfter;
  private final double emaDecay;
  private volatile boolean stopRequested;

  private Trainer(Builder b) {
    this.model = b.model;
    this.runDir = b.runDir;
    this.stages = List.copyOf(b.stages);
    this.dataset = b.dataset;
    this.batchSource = b.batchSource;
    this.batchSize = b.batchSize;
    this.clipNorm = b.clipNorm;
    this.checkpointEvery = b.checkpointEvery;
    this.keepCheckpoints = b.keepCheckpoints;
    this.seed = b.seed;
    this.objective = new DiffusionObjective(b.textDropout, b.timestepShift);
    this.stopFile = b.stopFile != null ? b.stopFile : runDir.resolve("STOP");
    this.logEvery = b.logEvery;
    this.logScalePlot = b.logScalePlot;
    this.shutdownHook = b.shutdownHook;
    this.stopAfter = b.stopAfter;
    this.emaDecay = b.emaDecay;
  }

  /**
   * Starts a builder.
   *
   * @param model the model
   * @param runDir where checkpoints, log and plot go
   * @return the builder
   */
  public static Builder builder(TrainableModel model, Path runDir) {
    return new Builder(model, runDir);
  }

  /** Asks the loop to stop after the current step (and write a checkpoint). Thread-safe. */
  public void requestStop() {
    stopRequested = true;
  }

  /** {@return the file whose appearance stops the run} */
  public Path stopFile() {
    return stopFile;
  }

  /**
   * Runs (or resumes) the plan until its end or a stop.
   *
   * @return how it ended
   * @throws IOException if checkpoints or logs cannot be read or written
   */
  public Result run() throws IOException {
    Files.createDirectories(runDir);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = null;
    if (shutdownHook) {
      hook =
          new Thread(
              () -> {
                stopRequested = true;
                try {
                  done.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "ttt-train-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      return loop();
    } finally {
      done.countDown();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already running the hook, which is waiting for this very finally block
        }
      }
    }
  }

  private Result loop() throws IOException {
    Checkpoint ckpt = new Checkpoint(runDir.resolve("checkpoints"), keepCheckpoints);
    Path csv = runDir.resolve("loss.csv");
    Path png = runDir.resolve("loss.png");
    NamedParameters params = model.parameters();
    TrainRandom rng = new TrainRandom(seed);
    long globalStep = 0;
    long cursor = 0;
    int startStage = 0;
    int startStageStep = 0;
    Optional<Path> latest = ckpt.latest();
    if (latest.isPresent()) {
      TrainingState s = Checkpoint.restore(latest.get(), params, null);
      if (s.stageIndex() >= stages.size()
          || !stages.get(s.stageIndex()).name().equals(s.stageName())) {
        throw new IllegalStateException(
            "checkpoint " + latest.get() + " is in stage " + s.stageIndex() + " \""
                + s.stageName() + "\", which this plan does not have at that index");
      }
      globalStep = s.globalStep();
      cursor = s.dataCursor();
      rng.restore(s.rngState());
      startStage = s.stageIndex();
      startStageStep = s.stageStep();
      LOG.info("resuming from {}: stage {} step {} (global step {})",
          latest.get(), s.stageName(), s.stageStep(), s.globalStep());
    }

    double lastLoss = Double.NaN;
    Path lastCkpt = latest.orElse(null);
    boolean stopped = false;
    try (TrainingLog log = TrainingLog.open(csv, globalStep);
        NDManager manager = NDManager.newBaseManager();
        EmaWeights ema = emaDecay > 0 ? new EmaWeights(params, emaDecay) : null) {
      if (ema != null && latest.isPresent()) {
        if (Checkpoint.hasEma(latest.get())) {
          Checkpoint.restoreEma(latest.get(), ema);
        } else {
          LOG.warn("{} holds no parameter average: the average starts at its parameters",
              latest.get());
        }
      }
      for (int si = startStage; si < stages.size() && !stopped; si++) {
        StagePlan stage = stages.get(si);
        int firstStep = si == startStage ? startStageStep : 0;
        if (firstStep >= stage.steps()) {
          continue;
        }
        params.select(stage.trainable());
        LOG.info("stage {}: {} segments, {} steps, {} of {} parameters trainable ({} values)",
            stage.name(), stage.segments(), stage.steps(), params.trainableNames().size(),
            params.size(), params.trainableElements());
        try (AdamW opt = new AdamW(manager, params, AdamW.referenceGroups(params),
            AdamW.REFERENCE_BETA1, AdamW.REFERENCE_BETA2, AdamW.REFERENCE_EPS, clipNorm)) {
          if (firstStep > 0) {
            Checkpoint.restore(latest.orElseThrow(), params, opt);
          }
          LrSchedule ttt = stage.tttSchedule();
          LrSchedule base = stage.baseSchedule();
          for (int step = firstStep; step < stage.steps(); step++) {
            long t0 = System.nanoTime();
            double lrTtt = ttt.at(step);
            double lrBase = base.at(step);
            if (opt.lrs().containsKey(AdamW.GROUP_TTT)) {
              opt.setLr(AdamW.GROUP_TTT, lrTtt);
            }
            if (opt.lrs().containsKey(AdamW.GROUP_BASE)) {
              opt.setLr(AdamW.GROUP_BASE, lrBase);
            }
            double loss;
            double norm;
            try (NDScope scope = new NDScope();
                NDManager stepManager = manager.newSubManager()) {
              scope.suppressNotUsedWarning();
              NDArray latents;
              NDArray weights = null;
              List<List<String>> texts;
              long next;
              if (batchSource != null) {
                BatchSource.Batch batch =
                    batchSource.batch(stepManager, stage, cursor, batchSize);
                latents = batch.latents().stopGradient();
                weights = batch.weights();
                texts = batch.texts();
                next = batch.nextCursor();
              } else {
                ClipBatch batch = dataset.batch(stepManager, stage.segments(), cursor, batchSize);
                latents = model.encode(batch.video()).stopGradient();
                texts = batch.texts();
                next = batch.nextCursor();
              }
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = objective.loss(model::forward, latents, weights, texts, rng).loss();
                gc.backward(l);
                loss = l.getFloat();
              }
              double pre = opt.gradientNorm();
              if (Double.isFinite(pre)) {
                norm = opt.step();
                if (ema != null) {
                  ema.update(params);
                }
              } else {
                // a non-finite gradient would poison the parameters and the moments: skip it
                LOG.warn("non-finite gradient norm at global step {}: update skipped ({})",
                    globalStep, opt.nonFiniteGradients());
                opt.resetGradients();
                norm = pre;
              }
              cursor = next;
            }
            globalStep++;
            double secs = (System.nanoTime() - t0) / 1e9;
            lastLoss = loss;
            log.append(new TrainingLog.Row(globalStep - 1, stage.name(), step, loss, norm, lrTtt,
                lrBase, secs));
            if (logEvery > 0 && (step % logEvery == 0 || step == stage.steps() - 1)) {
              LOG.info(String.format(java.util.Locale.ROOT,
                  "stage %s step %d/%d (global %d): loss %.5f, grad norm %.4f, "
                      + "lr ttt %.3g base %.3g, %.3f s",
                  stage.name(), step + 1, stage.steps(), globalStep, loss, norm, lrTtt, lrBase,
                  secs));
            }
            if (!Double.isFinite(loss)) {
              throw new IllegalStateException(
                  "loss is " + loss + " at global step " + (globalStep - 1));
            }
            boolean stageEnd = step == stage.steps() - 1;
            stopped = stopRequested || Files.exists(stopFile)
                || (stopAfter > 0 && globalStep >= stopAfter);
            if (stopped && !stageEnd) {
              LOG.info("stop requested at global step {}", globalStep);
            }
            if (stageEnd || stopped || globalStep % checkpointEvery == 0) {
              TrainingState state = new TrainingState(globalStep, si, stage.name(), step + 1,
                  opt.stepCount(), rng.state(), cursor);
              lastCkpt = ckpt.save(state, params, opt, ema);
              LossPlot.write(TrainingLog.read(csv), png,
                  LossPlot.Options.defaults().logScale(logScalePlot));
            }
            if (stopped) {
              break;
            }
          }
        }
      }
    }
    if (Files.exists(csv) && !Files.exists(png)) {
      LossPlot.write(TrainingLog.read(csv), png, LossPlot.Options.defaults().logScale(logScalePlot));
    }
    boolean early = stopped && !finished(lastCkpt);
    return new Result(globalStep, early, lastLoss, csv, png, lastCkpt);
  }

  private boolean finished(Path checkpoint) throws IOException {
    if (checkpoint == null) {
      return false;
    }
    TrainingState s = Checkpoint.readState(checkpoint);
    return s.stageIndex() == stages.size() - 1 && s.stageStep() >= stages.get(s.stageIndex())
        .steps();
  }

  /** Builds a {@link Trainer}; only the model, run directory and stages are required. */
  public static final class Builder {
    private final TrainableModel model;
    private final Path runDir;
    private List<StagePlan> stages;
    private ToonClipDataset dataset = new ToonClipDataset(ToonClipDataset.Split.TRAIN);
    private BatchSource batchSource;
    private int batchSize = 1;
    private double clipNorm = AdamW.REFERENCE_CLIP_NORM;
    private int checkpointEvery = 100;
    private int keepCheckpoints = 3;
    private long seed = 0;
    private double textDropout = DiffusionObjective.REFERENCE_TEXT_DROPOUT;
    private Path stopFile;
    private int logEvery = 10;
    private boolean logScalePlot = true;
    private boolean shutdownHook = true;
    private long stopAfter;
    private double emaDecay;
    private double timestepShift = 1.0;

    private Builder(TrainableModel model, Path runDir) {
      this.model = Objects.requireNonNull(model, "model");
      this.runDir = Objects.requireNonNull(runDir, "runDir");
    }

    /**
     * The stages, in order (required).
     *
     * @param plan the stages
     * @return this
     */
    public Builder stages(List<StagePlan> plan) {
      this.stages = List.copyOf(plan);
      return this;
    }

    /**
     * The clips (default: the training split).
     *
     * @param data the dataset
     * @return this
     */
    public Builder dataset(ToonClipDataset data) {
      this.dataset = Objects.requireNonNull(data, "dataset");
      return this;
    }

    /**
     * Takes clean latents from a source (a latent cache) instead of rendering and encoding.
     *
     * @param source the source
     * @return this
     */
    public Builder batchSource(BatchSource source) {
      this.batchSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Clips per step (default 1).
     *
     * @param n >= 1
     * @return this
     */
    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /**
     * Maximum global gradient norm (default 0.1, the reference's); <= 0 disables clipping.
     *
     * @param norm the norm
     * @return this
     */
    public Builder clipNorm(double norm) {
      this.clipNorm = norm;
      return this;
    }

    /**
     * Checkpoint period in global steps (default 100).
     *
     * @param steps >= 1
     * @return this
     */
    public Builder checkpointEvery(int steps) {
      this.checkpointEvery = steps;
      return this;
    }

    /**
     * How many checkpoints to keep (default 3).
     *
     * @param n >= 1
     * @return this
     */
    public Builder keepCheckpoints(int n) {
      this.keepCheckpoints = n;
      return this;
    }

    /**
     * Seed of timesteps, noise and text dropout (default 0).
     *
     * @param s the seed
     * @return this
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Text dropout probability (default 0.1, the reference's).
     *
     * @param p in [0, 1]
     * @return this
     */
    public Builder textDropout(double p) {
      this.textDropout = p;
      return this;
    }

    /**
     * The stop file (default {@code <runDir>/STOP}).
     *
     * @param file the file
     * @return this
     */
    public Builder stopFile(Path file) {
      this.stopFile = file;
      return this;
    }

    /**
     * Progress log period in steps (default 10; 0 for none).
     *
     * @param steps the period
     * @return this
     */
    public Builder logEvery(int steps) {
      this.logEvery = steps;
      return this;
    }

    /**
     * Whether the loss plot uses a log scale (default true).
     *
     * @param log the flag
     * @return this
     */
    public Builder logScalePlot(boolean log) {
      this.logScalePlot = log;
      return this;
    }

    /**
     * Whether to install a shutdown hook that checkpoints on SIGINT (default true).
     *
     * @param install the flag
     * @return this
     */
    public Builder shutdownHook(boolean install) {
      this.shutdownHook = install;
      return this;
    }

    /**
     * Stops (with a checkpoint) once this many global steps are done, for time-boxed jobs; a
     * later run resumes from there (default 0: no limit).
     *
     * @param globalSteps the limit, 0 for none
     * @return this
     */
    public Builder stopAfter(long globalSteps) {
      this.stopAfter = globalSteps;
      return this;
    }

    /**
     * Keeps an exponential moving average of every parameter ({@link EmaWeights}), updated after
     * each applied step and saved with each checkpoint (default 0: none). A run resumed from a
     * checkpoint without an average starts it at that checkpoint's parameters.
     *
     * @param decay the largest decay in (0, 1), for example 0.999; 0 for none
     * @return this
     */
    public Builder ema(double decay) {
      this.emaDecay = decay;
      return this;
    }

    /**
     * Moves the training timesteps towards high noise (default 1: uniform, the reference): see
     * {@link DiffusionObjective#stratifiedTimesteps(int, TrainRandom, double)}. The schedule and
     * the sampler are unchanged; only where the loss is sampled moves.
     *
     * @param shift the shift in [1, 100]
     * @return this
     */
    public Builder timestepShift(double shift) {
      this.timestepShift = shift;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the trainer
     */
    public Trainer build() {
      if (stages == null || stages.isEmpty()) {
        throw new IllegalArgumentException("stages must be set and non-empty");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (StagePlan s : stages) {
        if (!names.add(s.name())) {
          throw new IllegalArgumentException("stage name " + s.name() + " appears twice");
        }
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      if (checkpointEvery < 1) {
        throw new IllegalArgumentException("checkpointEvery must be >= 1, got "
            + checkpointEvery);
      }
      if (keepCheckpoints < 1) {
        throw new IllegalArgumentException("keepCheckpoints must be >= 1, got "
            + keepCheckpoints);
      }
      if (!(textDropout >= 0 && textDropout <= 1)) {
        throw new IllegalArgumentException("textDropout must be in [0, 1], got " + textDropout);
      }
      if (!(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1))) {
        throw new IllegalArgumentException("ema decay must be 0 (none) or in (0, 1), got "
            + emaDecay);
      }
      DiffusionObjective.checkShift(timestepShift);
      if (stopAfter < 0) {
        throw new IllegalArgumentException("stopAfter must be >= 0, got " + stopAfter);
      }
      return new Trainer(this);
    }
  }
}
