package io.github.tttvideo.toon.world;

/**
 * The one action of a segment, with its sentence.
 *
 * @since 0.1.0
 */
public enum Action {
  /** Jerry runs left, Tom follows him. */
  CHASE_LEFT("Tom chases Jerry to the left."),
  /** Jerry runs right, Tom follows him. */
  CHASE_RIGHT("Tom chases Jerry to the right."),
  /** Jerry runs away from Tom (towards the side he is on) and stops at the frame's edge. */
  RUNS_AWAY("Jerry runs away from Tom."),
  /** Tom hops twice on the spot. */
  JUMPS("Tom jumps."),
  /** Tom sleeps: still, eyes closed. */
  SLEEPS("Tom sleeps."),
  /** Jerry runs to a hole at the right edge and leaves the frame through it. */
  HIDES("Jerry hides in a hole."),
  /** Nobody moves. */
  STAND_STILL("Tom and Jerry stand still.");

  private final String sentence;

  Action(String sentence) {
    this.sentence = sentence;
  }

  /** {@return the action sentence} */
  public String sentence() {
    return sentence;
  }

  /** {@return whether this is one of the two chases} */
  public boolean isChase() {
    return this == CHASE_LEFT || this == CHASE_RIGHT;
  }
}
