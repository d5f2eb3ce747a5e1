package io.github.tttvideo.toon.render;

/**
 * Where the characters are between two segments, in screen columns.
 *
 * @param tomX Tom's body centre x
 * @param jerryX Jerry's body centre x
 * @param jerryInHole Jerry went into the hole and comes out of it next
 */
record Stage(double tomX, double jerryX, boolean jerryInHole) {
  /** Where every scene begins. */
  static final Stage SCENE_START = new Stage(40, 20, false);
}
