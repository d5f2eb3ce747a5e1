package io.github.tttvideo.toon.story;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One segment object of the official TTT-Video storyboard format.
 *
 * @param text the segment's text
 * @param requiresSceneTransition the segment starts a new scene
 * @param negText the negative prompt
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"text", "requires_scene_transition", "neg_text"})
public record StoryboardEntry(
    @JsonProperty("text") String text,
    @JsonProperty("requires_scene_transition") boolean requiresSceneTransition,
    @JsonProperty("neg_text") String negText) {}
