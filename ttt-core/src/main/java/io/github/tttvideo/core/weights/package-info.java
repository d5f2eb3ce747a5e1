/**
 * Reading and writing model weights in the safetensors format: a memory-mapped reader that
 * validates every header before touching data ({@link
 * io.github.tttvideo.core.weights.SafetensorsFile}), an atomic writer ({@link
 * io.github.tttvideo.core.weights.SafetensorsWriter}), single-file and sharded checkpoints ({@link
 * io.github.tttvideo.core.weights.WeightStore}) and the key and shape check done when a model loads
 * ({@link io.github.tttvideo.core.weights.TensorSpecs}).
 */
package io.github.tttvideo.core.weights;
