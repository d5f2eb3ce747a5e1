package io.github.tttvideo.train;

/**
 * Where a run stands, saved in every checkpoint's {@code state.json} next to the tensors.
 *
 * @param globalStep updates done over all stages
 * @param stageIndex index of the current stage in the plan
 * @param stageName its name (checked on resume)
 * @param stageStep updates done in the current stage
 * @param optimizerStep the optimizer's step count (bias correction)
 * @param rngState the state of the run's {@link TrainRandom}
 * @param dataCursor index of the next training example of the dataset
 * @since 0.1.0
 */
public record TrainingState(
    long globalStep,
    int stageIndex,
    String stageName,
    int stageStep,
    long optimizerStep,
    long rngState,
    long dataCursor) {}
