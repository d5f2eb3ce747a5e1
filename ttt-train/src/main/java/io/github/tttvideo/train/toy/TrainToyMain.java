package io.github.tttvideo.train.toy;

import ai.djl.ndarray.NDManager;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.StagePlan;
import io.github.tttvideo.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the whole training loop on {@link ToyVideoModel}: a short 3 s stage training everything
 * (TTT group cosine, others linear), then a 9 s stage training only the "qkvo" selection, with
 * checkpoints, resume, CSV log and loss plot.
 *
 * <pre>
 * java ... io.github.tttvideo.train.toy.TrainToyMain [runDir] [stepsPerStage]
 * </pre>
 *
 * <p>Run it twice with the same directory to see it resume (it finishes at once if the plan is
 * done); create {@code runDir/STOP} or press Ctrl-C to stop it with a checkpoint.
 *
 * @since 0.1.0
 */
public final class TrainToyMain {
  private TrainToyMain() {}

  /**
   * Entry point.
   *
   * @param args optional run directory (default {@code target/toy-run}) and steps per stage
   *     (default 60)
   * @throws Exception if training fails
   */
  public static void main(String[] args) throws Exception {
    Path runDir = Path.of(args.length > 0 ? args[0] : "target/toy-run");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    List<StagePlan> plan =
        List.of(
            new StagePlan("3s", 1, steps, Math.max(1, steps / 10), 3e-3, 1e-2, 1e-3,
                ParameterSelection.sft()),
            new StagePlan("9s", 3, steps / 2, Math.max(1, steps / 20), 1e-3, 1e-3, 1e-3,
                ParameterSelection.qkvo()));
    try (NDManager manager = NDManager.newBaseManager()) {
      ToyVideoModel model = new ToyVideoModel(manager, 64, 7);
      Trainer trainer =
          Trainer.builder(model, runDir)
              .stages(plan)
              .batchSize(2)
              .clipNorm(1.0)
              .checkpointEvery(20)
              .keepCheckpoints(2)
              .logEvery(10)
              .build();
      Files.deleteIfExists(trainer.stopFile());
      Trainer.Result r = trainer.run();
      System.out.printf(
          "%s after %d steps, last loss %.5f%n  log:        %s%n  plot:       %s%n"
              + "  checkpoint: %s%n",
          r.stopped() ? "Stopped" : "Finished",
          r.globalStep(),
          r.lastLoss(),
          r.csv().toAbsolutePath(),
          r.plot().toAbsolutePath(),
          r.checkpoint() == null ? "none" : r.checkpoint().toAbsolutePath());
    }
  }
}
