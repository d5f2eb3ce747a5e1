/**
 * A tiny stand-in model that exercises the whole training path on two CPU cores: a pooling
 * "VAE" and a per-frame MLP denoiser with a gated "TTT" branch. It is for demonstrations and
 * tests, not for generating video.
 *
 * @since 0.1.0
 */
package io.github.tttvideo.train.toy;
