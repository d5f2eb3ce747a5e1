/**
 * The public API of ttt-video: stories, scenes, render options, progress listeners and the
 * exception hierarchy rooted at {@link io.github.tttvideo.api.TttException}.
 */
package io.github.tttvideo.api;
