/**
 * Palette probes: what a frame shows, read from its pixels alone (never from ground truth or a
 * model's internals), using the world's colours and sizes.
 */
package io.github.tttvideo.toon.probe;
