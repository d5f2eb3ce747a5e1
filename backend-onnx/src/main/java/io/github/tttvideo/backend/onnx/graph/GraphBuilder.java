package io.github.tttvideo.backend.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an ONNX graph (opset 17) node by node on the protobuf classes of {@code
 * ai.onnx.proto.OnnxMl}. Every operation returns the name of its output value; names are made
 * unique with a running counter under the builder's prefix, so subgraphs (the body of a {@code
 * Scan}) cannot clash with their outer graph.
 *
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder("layer");
 * String x = g.input("x", GraphBuilder.FLOAT, "L", 128);
 * String y = g.add(g.matMul(x, g.weight("w", w, 128, 64)), g.weight("b", b, 64));
 * g.output("y", y, GraphBuilder.FLOAT, "L", 64);
 * GraphProto proto = g.build();
 * }</pre>
 */
public final class GraphBuilder {

  /** TensorProto element type float32. */
  public static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
  /** TensorProto element type int64. */
  public static final int INT64 = TensorProto.DataType.INT64.getNumber();

  /** Initializers smaller than this stay inside the graph even with external data. */
  private static final int EXTERNAL_MIN_BYTES = 1024;

  private final String prefix;
  private final ExternalData external;
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;
  private long initializerBytes;

  /**
   * Creates an empty graph.
   *
   * @param name graph name, also the prefix of generated value names
   */
  public GraphBuilder(String name) {
    this(name, null);
  }

  /**
   * Creates an empty graph whose large weights go to an external data file.
   *
   * @param name graph name, also the prefix of generated value names
   * @param external where weights of 1 KiB and more are written, or null to keep all inline
   */
  public GraphBuilder(String name, ExternalData external) {
    this.prefix = name;
    this.external = external;
    graph.setName(name);
  }

  /**
   * Bytes of the initializers held inside the graph so far (to refuse graphs over the protobuf
   * limit); weights written to external data do not count.
   *
   * @return the size
   */
  public long initializerBytes() {
    return initializerBytes;
  }

  /**
   * Declares a graph input.
   *
   * @param name value name
   * @param elemType {@link #FLOAT} or {@link #INT64}
   * @param dims each an Integer/Long (fixed) or a String (symbolic)
   * @return the name
   */
  public String input(String name, int elemType, Object... dims) {
    graph.addInput(valueInfo(name, elemType, dims));
    return name;
  }

  /**
   * Declares a graph output fed by a value.
   *
   * @param name output name
   * @param value value that becomes the output (renamed with an Identity node when it differs)
   * @param elemType element type
   * @param dims dims as for {@link #input}
   */
  public void output(String name, String value, int elemType, Object... dims) {
    if (!name.equals(value)) {
      graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(value)
          .addOutput(name).setName(name + "_identity"));
    }
    graph.addOutput(valueInfo(name, elemType, dims));
  }

  private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    TypeProto type = TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  /**
   * Adds a float initializer (a weight).
   *
   * @param name value name (kept as is: weights keep their checkpoint names)
   * @param values row-major values
   * @param shape dims
   * @return the name
   */
  public String weight(String name, float[] values, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for "
          + java.util.Arrays.toString(shape));
    }
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
    for (long s : shape) {
      t.addDims(s);
    }
    if (external != null && buf.capacity() >= EXTERNAL_MIN_BYTES) {
      long offset = external.append(buf.array());
      t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(entry("location", external.location()))
          .addExternalData(entry("offset", Long.toString(offset)))
          .addExternalData(entry("length", Integer.toString(buf.capacity())));
    } else {
      t.setRawData(ByteString.copyFrom(buf.array()));
      initializerBytes += values.length * 4L;
    }
    graph.addInitializer(t);
    return name;
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  /**
   * A float constant (scalar when no shape is given).
   *
   * @param value the value
   * @return its name
   */
  public String scalar(float value) {
    return weight(fresh("c"), new float[] {value});
  }

  /**
   * An int64 constant vector (shapes, axes, indices).
   *
   * @param values the values
   * @return its name
   */
  public String ints(long... values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    String name = fresh("i");
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(INT64)
        .addDims(values.length).setRawData(ByteString.copyFrom(buf.array())));
    return name;
  }

  private String fresh(String kind) {
    return prefix + "/" + kind + (counter++);
  }

  /**
   * Adds a node with one output.
   *
   * @param op operator type
   * @param inputs input names ("" for an omitted optional input)
   * @param attributes attributes
   * @return the output name
   */
  public String op(String op, String[] inputs, AttributeProto... attributes) {
    return ops(op, 1, inputs, attributes)[0];
  }

  /**
   * Adds a node with several outputs.
   *
   * @param op operator type
   * @param outputs number of outputs
   * @param inputs input names
   * @param attributes attributes
   * @return the output names
   */
  public String[] ops(String op, int outputs, String[] inputs, AttributeProto... attributes) {
    String base = fresh(op);
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(base);
    for (String in : inputs) {
      n.addInput(in);
    }
    String[] out = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      out[i] = base + ":" + i;
      n.addOutput(out[i]);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return out;
  }

  // ---- attributes

  /**
   * An int attribute.
   *
   * @param name name
   * @param v value
   * @return the attribute
   */
  public static AttributeProto attr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
        .setI(v).build();
  }

  /**
   * A float attribute.
   *
   * @param name name
   * @param v value
   * @return the attribute
   */
  public static AttributeProto attr(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
        .setF(v).build();
  }

  /**
   * An ints attribute.
   *
   * @param name name
   * @param v values
   * @return the attribute
   */
  public static AttributeProto attrs(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  /**
   * A graph attribute (the body of Scan or Loop).
   *
   * @param name name
   * @param g the subgraph
   * @return the attribute
   */
  public static AttributeProto attr(String name, GraphProto g) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH)
        .setG(g).build();
  }

  // ---- element-wise and linear algebra

  /** a + b (broadcasting). */
  public String add(String a, String b) {
    return op("Add", new String[] {a, b});
  }

  /** a - b. */
  public String sub(String a, String b) {
    return op("Sub", new String[] {a, b});
  }

  /** a * b. */
  public String mul(String a, String b) {
    return op("Mul", new String[] {a, b});
  }

  /** a / b. */
  public String div(String a, String b) {
    return op("Div", new String[] {a, b});
  }

  /** a * scalar. */
  public String mul(String a, float s) {
    return mul(a, scalar(s));
  }

  /** a + scalar. */
  public String add(String a, float s) {
    return add(a, scalar(s));
  }

  /** Batched matrix product. */
  public String matMul(String a, String b) {
    return op("MatMul", new String[] {a, b});
  }

  /** One-input operator such as Tanh, Sigmoid, Sqrt, Neg. */
  public String unary(String op, String x) {
    return op(op, new String[] {x});
  }

  /** x * sigmoid(x). */
  public String silu(String x) {
    return mul(x, unary("Sigmoid", x));
  }

  /** x * x. */
  public String square(String x) {
    return mul(x, x);
  }

  /** Sum over the last axis, kept. */
  public String sumLast(String x) {
    return op("ReduceSum", new String[] {x, ints(-1)}, attr("keepdims", 1L));
  }

  /** Mean over the last axis, kept (opset 17: axes is an attribute). */
  public String meanLast(String x) {
    return op("ReduceMean", new String[] {x}, attrs("axes", -1), attr("keepdims", 1L));
  }

  /** LayerNormalization over the last axis (biased variance, eps inside the root). */
  public String layerNorm(String x, String scale, String bias, float eps) {
    return op("LayerNormalization", new String[] {x, scale, bias}, attr("axis", -1L),
        attr("epsilon", eps));
  }

  /** Reshape to a constant shape (0 copies a dim, -1 infers one). */
  public String reshape(String x, long... shape) {
    return op("Reshape", new String[] {x, ints(shape)});
  }

  /** Reshape to a shape value. */
  public String reshapeTo(String x, String shape) {
    return op("Reshape", new String[] {x, shape});
  }

  /** Transpose with a permutation. */
  public String transpose(String x, long... perm) {
    return op("Transpose", new String[] {x}, attrs("perm", perm));
  }

  /** Gather along an axis with an int64 index value. */
  public String gather(String x, String index, long axis) {
    return op("Gather", new String[] {x, index}, attr("axis", axis));
  }

  /** Concatenation along an axis. */
  public String concat(long axis, String... xs) {
    return op("Concat", xs, attr("axis", axis));
  }

  /** Slice [start, end) along one axis. */
  public String slice(String x, long axis, long start, long end) {
    return op("Slice", new String[] {x, ints(start), ints(end), ints(axis)});
  }

  /** Split along an axis into pieces of the sizes held by a value. */
  public String[] split(String x, long axis, String sizes, int pieces) {
    return ops("Split", pieces, new String[] {x, sizes}, attr("axis", axis));
  }

  /** Split along an axis into constant sizes. */
  public String[] split(String x, long axis, long... sizes) {
    return split(x, axis, ints(sizes), sizes.length);
  }

  /** One dim of a value's shape as a 1-element int64 vector. */
  public String dim(String x, int axis) {
    return slice(op("Shape", new String[] {x}), 0, axis, axis + 1);
  }

  /**
   * The finished graph.
   *
   * @return the proto
   */
  public GraphProto build() {
    return graph.build();
  }

  /**
   * Inputs of the graph so far, by name (for tests and messages).
   *
   * @return the names
   */
  public List<String> inputNames() {
    List<String> out = new ArrayList<>();
    graph.getInputList().forEach(v -> out.add(v.getName()));
    return out;
  }
}
