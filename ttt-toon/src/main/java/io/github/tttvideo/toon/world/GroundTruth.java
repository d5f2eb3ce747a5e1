package io.github.tttvideo.toon.world;

/**
 * The true state of one rendered frame.
 *
 * @param segment the segment index
 * @param frame the frame index within the segment, 0 to 47
 * @param room the room
 * @param action the segment's action
 * @param tomFur Tom's fur as drawn (flour white while floured)
 * @param tomEyesClosed Tom's eyes are closed (he sleeps)
 * @param tom Tom's state
 * @param jerry Jerry's state
 * @since 0.1.0
 */
public record GroundTruth(
    int segment,
    int frame,
    Room room,
    Action action,
    FurColour tomFur,
    boolean tomEyesClosed,
    CharacterTruth tom,
    CharacterTruth jerry) {}
