package io.github.tttvideo.core.story;

/**
 * The two prompts the text encoder sees for one segment.
 *
 * @param text the prompt with scene markers added
 * @param negativeText the negative prompt, never {@code null} (a missing one is "")
 * @since 0.1.0
 */
public record SegmentPrompt(String text, String negativeText) {}
