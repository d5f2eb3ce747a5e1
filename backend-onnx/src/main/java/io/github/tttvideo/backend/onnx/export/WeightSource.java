package io.github.tttvideo.backend.onnx.export;

/** Float32 tensors by checkpoint name, each checked against the shape the graph expects. */
interface WeightSource {

  /**
   * A tensor of an expected shape.
   *
   * @param name checkpoint name
   * @param shape expected shape
   * @return row-major values
   */
  float[] get(String name, long... shape);
}
