package io.github.tttvideo.toon.render;

/**
 * Where the characters are and how they look in one frame.
 *
 * @param tomX Tom's body centre x
 * @param tomY Tom's body centre y
 * @param jerryX Jerry's body centre x
 * @param jerryHidden Jerry is inside the hole (not drawn)
 * @param eyesClosed Tom's eyes are closed
 * @param holeShown the mouse hole is drawn
 */
record Pose(
    double tomX, double tomY, double jerryX, boolean jerryHidden, boolean eyesClosed,
    boolean holeShown) {}
