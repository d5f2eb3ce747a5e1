package io.github.tttvideo.toon.probe;

import io.github.tttvideo.toon.world.Box;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.Arrays;

/**
 * Finds the largest 8-connected blob of marked pixels in a frame, reusing its buffers between
 * calls. Not thread-safe.
 */
final class Blobs {
  private static final int W = ToonWorld.WIDTH;
  private static final int H = ToonWorld.HEIGHT;

  private final int[] label = new int[ToonWorld.PIXELS];
  private final int[] queue = new int[ToonWorld.PIXELS];

  /**
   * The largest blob.
   *
   * @param size its pixel count
   * @param box its pixel box
   * @param pixels the indices (y * 64 + x) of its pixels, in the first {@code size} entries
   */
  record Blob(int size, Box box, int[] pixels) {}

  /** {@return the largest blob of {@code marked} pixels, or {@code null} if none is marked} */
  Blob largest(boolean[] marked) {
    Arrays.fill(label, 0);
    int bestStart = -1;
    int bestSize = 0;
    int next = 1;
    for (int start = 0; start < marked.length; start++) {
      if (!marked[start] || label[start] != 0) {
        continue;
      }
      int size = flood(marked, start, next);
      if (size > bestSize) {
        bestSize = size;
        bestStart = start;
      }
      next++;
    }
    if (bestSize == 0) {
      return null;
    }
    Arrays.fill(label, 0);
    flood(marked, bestStart, 1);
    int[] pixels = Arrays.copyOf(queue, bestSize);
    int minX = W;
    int minY = H;
    int maxX = -1;
    int maxY = -1;
    for (int p : pixels) {
      minX = Math.min(minX, p % W);
      maxX = Math.max(maxX, p % W);
      minY = Math.min(minY, p / W);
      maxY = Math.max(maxY, p / W);
    }
    return new Blob(bestSize, new Box(minX, minY, maxX, maxY), pixels);
  }

  /** Labels the blob holding {@code start}; its pixels are left in {@code queue}. */
  private int flood(boolean[] marked, int start, int id) {
    int head = 0;
    int tail = 0;
    queue[tail++] = start;
    label[start] = id;
    while (head < tail) {
      int p = queue[head++];
      int px = p % W;
      int py = p / W;
      for (int y = Math.max(0, py - 1); y <= Math.min(H - 1, py + 1); y++) {
        for (int x = Math.max(0, px - 1); x <= Math.min(W - 1, px + 1); x++) {
          int q = y * W + x;
          if (marked[q] && label[q] == 0) {
            label[q] = id;
            queue[tail++] = q;
          }
        }
      }
    }
    return tail;
  }
}
