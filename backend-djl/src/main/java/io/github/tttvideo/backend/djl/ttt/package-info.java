/**
 * The video TTT layer, its mini-batch scan and the gated bidirectional block on NDArrays, and a
 * DJL implementation of ttt-core's {@code TttKernel} SPI.
 */
package io.github.tttvideo.backend.djl.ttt;
