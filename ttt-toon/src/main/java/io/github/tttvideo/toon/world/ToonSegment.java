package io.github.tttvideo.toon.world;

import java.util.Objects;
import java.util.Optional;

/**
 * One 3-second segment of a story: where it happens, what happens, and how its text is written.
 *
 * @param room the room (the scene's room)
 * @param action the one action
 * @param event the persistent event of this segment, or {@code null} for none
 * @param newScene this segment starts a new scene after the first one ({@code
 *     requires_scene_transition}); always {@code false} on a story's first segment
 * @param statesSetting the text begins with the setting sentence; required on the first segment
 *     of every scene, optional elsewhere
 * @since 0.1.0
 */
public record ToonSegment(
    Room room, Action action, Event event, boolean newScene, boolean statesSetting) {

  /**
   * Creates a segment; room and action are required.
   *
   * @param room see the record description
   * @param action see the record description
   * @param event see the record description
   * @param newScene see the record description
   * @param statesSetting see the record description
   */
  public ToonSegment {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(action, "action");
  }

  /** {@return the event, if any} */
  public Optional<Event> optionalEvent() {
    return Optional.ofNullable(event);
  }
}
