/**
 * The TTT-Video diffusion transformer as NDArray functions: embeddings, adaLN layers,
 * segment-local attention, the tensor names and parameter counts of a model.
 */
package io.github.tttvideo.backend.djl.dit;
