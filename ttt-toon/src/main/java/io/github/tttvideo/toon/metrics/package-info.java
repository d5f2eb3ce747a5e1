/**
 * The five consistency metrics of the toon-world benchmark, computed from frames of any source
 * (a model, the renderer) and the structured story, through palette probes only.
 */
package io.github.tttvideo.toon.metrics;
