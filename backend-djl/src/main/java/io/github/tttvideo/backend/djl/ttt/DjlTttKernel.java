package io.github.tttvideo.backend.djl.ttt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.tttvideo.core.ttt.InnerWeights;
import io.github.tttvideo.core.ttt.TttConfig;
import io.github.tttvideo.core.ttt.TttKernel;
import io.github.tttvideo.core.ttt.TttScanInput;
import io.github.tttvideo.core.ttt.TttVariant;

/**
 * The TTT scan of ttt-core's {@link TttKernel} SPI run on DJL ({@link NdTttScan}), for Java
 * callers with {@code float[]} tensors. Registered in {@code META-INF/services} with rank -1, so
 * the pure-Java kernel stays the default; pin it with {@code -Dttt.kernel=djl}. The backend's own
 * denoiser calls {@link NdTttScan} directly on NDArrays and does not go through this class.
 *
 * @since 0.1.0
 */
public final class DjlTttKernel implements TttKernel {

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public int rank() {
    return -1;
  }

  @Override
  public void scan(TttConfig config, TttScanInput in, InnerWeights initial, float[] out,
      InnerWeights finalState) {
    int b = in.batch();
    int h = in.heads();
    int nc = in.chunks();
    int k = in.miniBatch();
    int d = in.headDim();
    int f = initial.hidden();
    boolean mlp = config.variant() == TttVariant.MLP;
    try (NDManager m = NDManager.newBaseManager()) {
      Shape s = new Shape((long) b * h, nc, k, d);
      NDArray xq = m.create(in.xq(), s);
      NDArray xk = m.create(in.xk(), s);
      NDArray xv = m.create(in.xv(), s);
      NDArray eta = m.create(in.eta(), new Shape((long) b * h, nc, k, k));
      NDArray lnW = m.create(in.lnWeight(), new Shape(1, h, 1, d)).tile(new long[] {b, 1, 1, 1})
          .reshape((long) b * h, 1, d);
      NDArray lnB = m.create(in.lnBias(), new Shape(1, h, 1, d)).tile(new long[] {b, 1, 1, 1})
          .reshape((long) b * h, 1, d);
      NDList w = new NDList(
          tile(m.create(initial.w1(), new Shape(h, d, f)), b),
          tile(m.create(initial.b1(), new Shape(h, 1, f)), b));
      if (mlp) {
        w.add(tile(m.create(initial.w2(), new Shape(h, f, d)), b));
        w.add(tile(m.create(initial.b2(), new Shape(h, 1, d)), b));
      }
      NDList res = new NdTttScan(mlp, config.causal(), (float) config.innerLnEps())
          .scan(xq, xk, xv, eta, lnW, lnB, w, m);
      // [BH, NC, K, d] -> [B, H, L, d] -> [B, L, H, d]
      float[] o = res.get(0).reshape(b, h, (long) nc * k, d).transpose(0, 2, 1, 3)
          .toFloatArray();
      System.arraycopy(o, 0, out, 0, o.length);
      if (finalState != null) {
        copy(res.get(1), finalState.w1());
        copy(res.get(2), finalState.b1());
        if (mlp) {
          copy(res.get(3), finalState.w2());
          copy(res.get(4), finalState.b2());
        }
      }
    }
  }

  private static NDArray tile(NDArray a, int batch) {
    return batch == 1 ? a : a.tile(new long[] {batch, 1, 1});
  }

  private static void copy(NDArray a, float[] dst) {
    float[] v = a.toFloatArray();
    System.arraycopy(v, 0, dst, 0, v.length);
  }
}
