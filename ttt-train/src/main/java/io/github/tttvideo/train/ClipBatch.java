package io.github.tttvideo.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A batch of toon clips.
 *
 * @param video [B, T, 3, 64, 64] float32 in [-1, 1]
 * @param texts per example, per segment prompts (scene markers included)
 * @param seeds the story seed of each example
 * @param nextCursor the dataset cursor after this batch
 * @since 0.1.0
 */
public record ClipBatch(NDArray video, List<List<String>> texts, long[] seeds, long nextCursor) {}
