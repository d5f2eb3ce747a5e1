/**
 * The ONNX Runtime backend: {@link io.github.tttvideo.backend.onnx.OnnxBackendProvider} ({@code
 * onnx}) runs the graphs that {@link io.github.tttvideo.backend.onnx.export.OnnxExporter} writes
 * from a model directory, through DJL's OnnxRuntime engine.
 */
package io.github.tttvideo.backend.onnx;
