/** Export of a model directory's networks to ONNX graphs, and the content-keyed export cache. */
package io.github.tttvideo.backend.onnx.export;
