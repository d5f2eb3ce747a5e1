/**
 * The TTT layers of TTT-Video in plain Java (float32).
 *
 * <ul>
 *   <li>{@link io.github.tttvideo.core.ttt.TttConfig} and the parameter records
 *       ({@link io.github.tttvideo.core.ttt.VideoTttParams},
 *       {@link io.github.tttvideo.core.ttt.LmTttParams},
 *       {@link io.github.tttvideo.core.ttt.InnerWeights});
 *   <li>the inner model pieces ({@link io.github.tttvideo.core.ttt.TttMath});
 *   <li>the mini-batch scan behind the {@link io.github.tttvideo.core.ttt.TttKernel} SPI, with the
 *       pure-Java {@link io.github.tttvideo.core.ttt.JavaTttKernel} and the plain
 *       {@link io.github.tttvideo.core.ttt.PrimalScan} used as a check;
 *   <li>the layers: {@link io.github.tttvideo.core.ttt.VideoTttLayer},
 *       {@link io.github.tttvideo.core.ttt.BidirectionalTttBlock},
 *       {@link io.github.tttvideo.core.ttt.LmTttLayer}.
 * </ul>
 *
 * <pre>{@code
 * TttConfig cfg = TttConfig.video(TttVariant.MLP, 8, 64);
 * VideoTttLayer layer = new VideoTttLayer(VideoTttParams.init(cfg, 42));
 * var block = new BidirectionalTttBlock(layer, TttGates.init(cfg.width()));
 * float[] z = block.forward(hidden, 1, sequence); // [B, L, D], text-first
 * }</pre>
 *
 * <p>Numerics follow the project's reference (sections 2-4) and are checked against the official
 * PyTorch golden vectors to within {@code 1e-4 (1 + |ref|)} (measured worst ~8e-7).
 */
package io.github.tttvideo.core.ttt;
