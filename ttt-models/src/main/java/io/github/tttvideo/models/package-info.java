/**
 * The embedded models of ttt-video: {@link io.github.tttvideo.models.ToonModelSource} unpacks the
 * toon-world model shipped in this jar so that {@code Models.toon()} renders with no download.
 */
package io.github.tttvideo.models;
