package io.github.tttvideo.toon.render;

import io.github.tttvideo.toon.world.Action;
import io.github.tttvideo.toon.world.ToonWorld;
import java.util.ArrayList;
import java.util.List;

/**
 * The motion of each action over a segment's 48 frames.
 *
 * <p>Frame 0 of a segment shows the {@link Stage} the previous segment ended in, so positions are
 * continuous across segment boundaries within a scene. Chases wrap around: a character that leaves
 * the frame on one side comes back on the other, wrapping only while it is entirely off screen. A
 * chase moves each character about {@value #CHASE_DISTANCE} px: the distance nearest to it for
 * which that character ends the segment fully on screen, so every segment starts with both in
 * view.
 */
final class Choreography {
  /** Tom's body centre row when on the ground. */
  static final double TOM_Y = 39;
  /** Jerry's body centre row. */
  static final double JERRY_Y = 57;
  /** Column of the mouse hole's centre, at the right edge. */
  static final double HOLE_X = 58;

  /** Preferred distance of a chase over one segment, in pixels. */
  static final int CHASE_DISTANCE = 36;
  /** Least run a chase shows on screen, in pixels. */
  static final double MIN_VISIBLE_TRAVEL = 16;
  /** A chase covers CHASE_DISTANCE plus or minus at most this (19 always suffices). */
  static final int CHASE_SLACK = 20;
  static final double RUN_SPEED = 1.0;
  static final double JUMP_HEIGHT = 10;
  /** Jerry has reached the hole and is inside it from this frame on. */
  static final int HIDE_FRAME = 32;
  /** Off-screen margin before Tom wraps (more than his half-width). */
  static final double TOM_WRAP = 9;
  /** Off-screen margin before Jerry wraps (more than his half-width with ears and hat). */
  static final double JERRY_WRAP = 5;
  static final double RUN_MIN_X = 5;
  static final double RUN_MAX_X = 58;

  private static final int LAST = ToonWorld.FRAMES_PER_SEGMENT - 1;

  /** The poses of one segment and the stage it ends in. */
  record Plan(List<Pose> poses, Stage end) {}

  private Choreography() {}

  static Plan plan(Action action, Stage start) {
    List<Pose> poses = new ArrayList<>(ToonWorld.FRAMES_PER_SEGMENT);
    double jerry0 = start.jerryInHole() ? HOLE_X : start.jerryX();
    boolean hole = start.jerryInHole() || action == Action.HIDES;
    double runDir = jerry0 >= start.tomX() ? 1 : -1;
    double chaseDir = action == Action.CHASE_LEFT ? -1 : 1;
    // distances, not speeds: at the last frame d * f / LAST is exactly d, the distance that
    // chaseDistance checked (d / LAST * LAST can miss it by a rounding error and leave a
    // character a hair off its range)
    double tomDistance = chaseDistance(start.tomX(), chaseDir, TOM_WRAP, 10, 54);
    double jerryDistance = chaseDistance(jerry0, chaseDir, JERRY_WRAP, 6, 57);
    for (int f = 0; f <= LAST; f++) {
      double tomX = start.tomX();
      double tomY = TOM_Y;
      double jerryX = jerry0;
      boolean hidden = false;
      switch (action) {
        case CHASE_LEFT, CHASE_RIGHT -> {
          tomX = wrap(tomX + chaseDir * tomDistance * f / LAST, TOM_WRAP);
          jerryX = wrap(jerryX + chaseDir * jerryDistance * f / LAST, JERRY_WRAP);
        }
        case RUNS_AWAY -> {
          double room = runDir > 0 ? RUN_MAX_X - jerry0 : jerry0 - RUN_MIN_X;
          jerryX = jerry0 + runDir * Math.min(RUN_SPEED * f, Math.max(0, room));
        }
        case JUMPS -> tomY = TOM_Y - JUMP_HEIGHT * Math.abs(Math.sin(2 * Math.PI * f / LAST));
        case HIDES -> {
          double t = Math.min(1.0, f / (double) (HIDE_FRAME - 1));
          jerryX = jerry0 + (HOLE_X - jerry0) * t;
          hidden = f >= HIDE_FRAME;
        }
        case SLEEPS, STAND_STILL -> {
          // nobody moves
        }
        default -> throw new IllegalStateException("unknown action " + action);
      }
      poses.add(new Pose(tomX, tomY, jerryX, hidden, action == Action.SLEEPS, hole));
    }
    Pose last = poses.get(LAST);
    return new Plan(poses, new Stage(last.tomX(), last.jerryX(), last.jerryHidden()));
  }

  /**
   * Picks the distance nearest to {@link #CHASE_DISTANCE} after which a character's centre lies in
   * {@code [min, max]}, fully on screen, and that shows at least {@value #MIN_VISIBLE_TRAVEL} px of
   * its run on screen, so the direction can be seen. Tom and Jerry pick theirs separately, so one
   * may run a little faster than the other.
   */
  static double chaseDistance(double x0, double dir, double margin, double min, double max) {
    for (int k = 0; k <= CHASE_SLACK; k++) {
      for (int d : new int[] {CHASE_DISTANCE + k, CHASE_DISTANCE - k}) {
        double x = wrap(x0 + dir * d, margin);
        if (x >= min && x <= max && visibleTravel(x0, dir, d, margin, min, max)
            >= MIN_VISIBLE_TRAVEL) {
          return d;
        }
      }
    }
    return CHASE_DISTANCE;
  }

  /** {@return how much of a run of {@code d} px keeps the centre within [min, max]} */
  private static double visibleTravel(
      double x0, double dir, int d, double margin, double min, double max) {
    int inside = 0;
    for (int s = 0; s < 4 * d; s++) {
      double x = wrap(x0 + dir * (s + 0.5) / 4, margin);
      if (x >= min && x <= max) {
        inside++;
      }
    }
    return inside / 4.0;
  }

  /** Maps x onto {@code [-margin, WIDTH + margin)}, a circle around the frame. */
  static double wrap(double x, double margin) {
    double period = ToonWorld.WIDTH + 2 * margin;
    double r = (x + margin) % period;
    if (r < 0) {
      r += period;
    }
    return r - margin;
  }
}
