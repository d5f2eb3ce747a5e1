/**
 * The toon world: a small synthetic cartoon world with known ground truth, used as the embedded
 * model's training data and as an objective long-range consistency benchmark. See the
 * sub-packages {@code world}, {@code render}, {@code story}, {@code probe} and {@code metrics}.
 */
package io.github.tttvideo.toon;
