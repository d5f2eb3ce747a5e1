/** The causal 3D-convolution VAE: streaming decoder and training encoder. */
package io.github.tttvideo.backend.djl.vae;
