/**
 * The global sequence mixers of issue #7 in plain Java: the {@link
 * io.github.tttvideo.core.mixer.SequenceMixer} choice of a model config ({@code local},
 * {@code sliding}, {@code ttt-linear}, {@code ttt-mlp}, {@code full}), the segment bookkeeping of
 * the attention mixers ({@link io.github.tttvideo.core.mixer.MixerSegments}) and their numerical
 * oracle ({@link io.github.tttvideo.core.mixer.AttentionMixer}). The TTT mixers live in {@code
 * io.github.tttvideo.core.ttt}; see {@code docs/mixers.md}.
 */
package io.github.tttvideo.core.mixer;
