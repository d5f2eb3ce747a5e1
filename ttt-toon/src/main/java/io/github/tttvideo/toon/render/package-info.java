/**
 * The procedural renderer of the toon world: deterministic 64 x 64 frames with their ground
 * truth, and PNG export (single frames and contact sheets) for people to look at.
 */
package io.github.tttvideo.toon.render;
