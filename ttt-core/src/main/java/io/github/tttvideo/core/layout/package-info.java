/**
 * The token layout of a multi-segment story: segments, text and video tokens, the interleaved
 * scan order of the TTT layers, segment-local attention windows and 3D RoPE positions ({@link
 * io.github.tttvideo.core.layout.SequenceLayout}).
 */
package io.github.tttvideo.core.layout;
