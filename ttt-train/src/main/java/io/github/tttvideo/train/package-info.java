/**
 * Model-agnostic training on DJL NDArrays: the v-prediction objective of the reference
 * (section 7.1), AdamW with its parameter groups and LR schedules (section 8), staged context
 * extension over toon-world clips, atomic checkpoints and training logs.
 *
 * <p>A model joins by implementing {@link io.github.tttvideo.train.TrainableModel}; {@link
 * io.github.tttvideo.train.Trainer} does the rest. See {@code docs/training.md}.
 *
 * @since 0.1.0
 */
package io.github.tttvideo.train;
