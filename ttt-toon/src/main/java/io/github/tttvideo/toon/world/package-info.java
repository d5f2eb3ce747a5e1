/**
 * The toon world's model (version 1 of {@code docs/toon-world.md}): rooms, Tom's fur colours,
 * actions, persistent events, stories made of 3-second segments, frames and their ground truth.
 *
 * <p>The colours and sizes here are the contract the palette probes rely on.
 */
package io.github.tttvideo.toon.world;
