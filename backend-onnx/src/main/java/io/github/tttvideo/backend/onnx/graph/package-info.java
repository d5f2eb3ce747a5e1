/** A small writer of ONNX graphs on the ONNX protobuf classes. */
package io.github.tttvideo.backend.onnx.graph;
