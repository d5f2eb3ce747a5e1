/**
 * The toon model's sequence-mixer baselines (issue #7): {@link
 * io.github.tttvideo.models.baselines.BaselineModelSource} finds {@code toon-local}, {@code
 * toon-sliding}, {@code toon-ttt-linear}, {@code toon-ttt-mlp} and {@code toon-full} on the class
 * path; {@link io.github.tttvideo.models.baselines.ShipBaselineMain} puts a trained model
 * directory there as F16. See {@code docs/mixers.md}.
 */
package io.github.tttvideo.models.baselines;
