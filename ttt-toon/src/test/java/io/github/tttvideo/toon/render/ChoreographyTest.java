package io.github.tttvideo.toon.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.toon.world.Action;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class ChoreographyTest {
  @Property(tries = 300)
  void chasesEndWithBothCharactersFullyOnScreen(
      @ForAll @DoubleRange(min = 10, max = 54) double tom,
      @ForAll @DoubleRange(min = 6, max = 58) double jerry,
      @ForAll boolean left) {
    Action action = left ? Action.CHASE_LEFT : Action.CHASE_RIGHT;
    Stage end = Choreography.plan(action, new Stage(tom, jerry, false)).end();
    assertTrue(end.tomX() >= 10 && end.tomX() <= 54, "tom " + end.tomX());
    assertTrue(end.jerryX() >= 6 && end.jerryX() <= 57, "jerry " + end.jerryX());
  }

  @Property(tries = 100)
  void everyActionStartsWhereTheStageIs(
      @ForAll @DoubleRange(min = 10, max = 54) double tom,
      @ForAll @DoubleRange(min = 6, max = 58) double jerry,
      @ForAll Action action) {
    Pose first = Choreography.plan(action, new Stage(tom, jerry, false)).poses().get(0);
    assertEquals(tom, first.tomX(), 1e-9);
    assertEquals(jerry, first.jerryX(), 1e-9);
    assertEquals(Choreography.TOM_Y, first.tomY(), 1e-9);
  }

  @Property(tries = 50)
  void hidingEndsInTheHole(@ForAll @DoubleRange(min = 6, max = 58) double jerry) {
    var plan = Choreography.plan(Action.HIDES, new Stage(30, jerry, false));
    assertTrue(plan.end().jerryInHole());
    assertTrue(plan.poses().get(47).jerryHidden());
    assertEquals(Choreography.HOLE_X, plan.poses().get(Choreography.HIDE_FRAME - 1).jerryX(), 1e-9);
  }

  @Property(tries = 50)
  void wrapKeepsPositionsOnTheCircle(@ForAll @DoubleRange(min = -500, max = 500) double x) {
    double w = Choreography.wrap(x, 9);
    assertTrue(w >= -9 && w < 73, "wrap " + w);
    assertEquals(0, Math.IEEEremainder(w - x, 82), 1e-6);
  }
}
