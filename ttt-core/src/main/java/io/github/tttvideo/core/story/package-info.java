/**
 * Storyboards in the official TTT-Video input format: reading ({@link
 * io.github.tttvideo.core.story.StoryboardReader}), writing ({@link
 * io.github.tttvideo.core.story.StoryboardWriter}) and the scene markers of the prompts ({@link
 * io.github.tttvideo.core.story.SceneMarkers}).
 */
package io.github.tttvideo.core.story;
